// This test drives the framework's own Renderer and render batch writer on purpose: the driver must read what they write.
#pragma warning disable BL0006
using System.Runtime.ExceptionServices;
using ComplianceReview.LoadDriver;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using FrameType = ComplianceReview.LoadDriver.FrameType;

namespace ComplianceReview.Tests.LoadDriver;

/// <summary>
/// The load driver's render batch reader and page model, against batches written by the framework's own (internal)
/// RenderBatchWriter, the one Blazor Server sends to browsers: a component is rendered by a real Renderer, each batch is
/// serialised, decoded and applied, and the event handler ids found in the page are dispatched back to the renderer.
/// </summary>
public sealed class RenderBatchReaderTests : IDisposable
{
    private readonly CapturingRenderer _renderer = new();
    private readonly BrowserDom _dom = new();

    [Fact]
    public async Task FirstRenderShowsElementsAttributesTextMarkupRegionsAndChildComponents()
    {
        var (_, rootId) = await RenderAsync();

        var submit = Element("submit");
        Assert.Equal("button", submit.Name);
        Assert.True(submit.Attributes.ContainsKey("disabled"));
        Assert.Contains("click", submit.EventHandlers.Keys);
        Assert.Equal("Approve", submit.TextContent());
        Assert.Contains("input", Element("reason").EventHandlers.Keys);
        var text = _dom.Roots.Single().TextContent();
        Assert.Contains("Clicked 0", text, StringComparison.Ordinal);
        Assert.Contains("static markup", text, StringComparison.Ordinal);
        Assert.Contains("child text", text, StringComparison.Ordinal);
        Assert.Equal(["a", "b", "c"], Items());
        Assert.Equal(rootId, Element("reason").ComponentId);
        Assert.NotEqual(rootId, Element("child").ComponentId);
    }

    [Fact]
    public async Task DecodedHandlerIdsReachTheComponentAndLaterBatchesUpdateThePage()
    {
        var (panel, _) = await RenderAsync();

        var reason = Element("reason");
        await DispatchAsync(reason.EventHandlers["input"], new EventFieldInfo { ComponentId = reason.ComponentId, FieldValue = "because" },
            new ChangeEventArgs { Value = "because" });
        Assert.Equal("because", panel.Reason);
        Assert.False(Element("submit").Attributes.ContainsKey("disabled"));

        await DispatchAsync(Element("submit").EventHandlers["click"], null, new MouseEventArgs());
        Assert.Null(_dom.ElementById("submit"));
        Assert.Equal(1, panel.Clicks);
        Assert.Equal("Approved", Element("done").TextContent());
        Assert.Contains("Clicked 1", _dom.Roots.Single().TextContent(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandlersOfEarlierRendersAreDisposedAndForgotten()
    {
        var (panel, _) = await RenderAsync();
        var first = Element("submit").EventHandlers["click"];

        // A re-render keeps the id of an equal handler; the button goes away once clicked, and its handler with it.
        await _renderer.Dispatcher.InvokeAsync(() => panel.Show(["a", "b"]));
        Apply(_renderer.Batches[^1]);
        Assert.Equal(first, Element("submit").EventHandlers["click"]);
        await DispatchAsync(first, null, new MouseEventArgs());

        Assert.Contains(first, RenderBatchReader.Read(_renderer.Batches[^1]).DisposedEventHandlerIds);
        Assert.Null(_dom.ElementById("submit"));
        Assert.DoesNotContain(_dom.Elements(), e => e.EventHandlers.ContainsValue(first));
    }

    [Fact]
    public async Task KeyedItemsMovedByTheDiffAreMovedInThePage()
    {
        var (panel, _) = await RenderAsync();

        await _renderer.Dispatcher.InvokeAsync(() => panel.Show(["c", "a", "d"]));
        Apply(_renderer.Batches[^1]);

        Assert.Equal(["c", "a", "d"], Items());
        var edits = RenderBatchReader.Read(_renderer.Batches[^1]).UpdatedComponents.SelectMany(d => d.Edits).Select(e => e.Type).ToList();
        Assert.Contains(EditType.PermutationListEntry, edits);
        Assert.Contains(EditType.RemoveFrame, edits);
        Assert.Contains(EditType.PrependFrame, edits);
    }

    [Fact]
    public void FrameAndEditTypesHaveTheFrameworksValues()
    {
        foreach (var type in Enum.GetValues<FrameType>().Where(t => t != FrameType.None))
            Assert.Equal((int)type, (int)Enum.Parse<RenderTreeFrameType>(type.ToString()));
        foreach (var type in Enum.GetValues<EditType>())
            Assert.Equal((int)type, (int)Enum.Parse<RenderTreeEditType>(type.ToString()));
    }

    [Fact]
    public void ATruncatedBatchIsRefused()
    {
        Assert.Throws<FormatException>(() => RenderBatchReader.Read(new byte[12]));
        Assert.Throws<FormatException>(() => RenderBatchReader.Read(Enumerable.Repeat((byte)0xFF, 40).ToArray()));
    }

    public void Dispose() => _renderer.Dispose();

    private async Task<(Panel Panel, int RootId)> RenderAsync()
    {
        var panel = new Panel();
        var id = await _renderer.Dispatcher.InvokeAsync(() => _renderer.Attach(panel));
        _dom.AttachRootComponent(id);
        await _renderer.Dispatcher.InvokeAsync(() => _renderer.RenderRootAsync(id));
        foreach (var batch in _renderer.Batches) Apply(batch);
        return (panel, id);
    }

    private async Task DispatchAsync(ulong handler, EventFieldInfo? field, EventArgs args)
    {
        var count = _renderer.Batches.Count;
        await _renderer.Dispatcher.InvokeAsync(() => _renderer.DispatchEventAsync(handler, field, args));
        foreach (var batch in _renderer.Batches.Skip(count)) Apply(batch);
    }

    private void Apply(byte[] batch) => _dom.Apply(RenderBatchReader.Read(batch));

    private DomElement Element(string id) => _dom.ElementById(id) ?? throw new Xunit.Sdk.XunitException($"No element #{id}.");

    private List<string> Items() => _dom.Elements().Where(e => e.Name == "li").Select(e => e.TextContent()).ToList();

    /// <summary>A renderer that serialises each batch the moment it is produced (a RenderBatch is only valid during the call).</summary>
    private sealed class CapturingRenderer() : Renderer(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance)
    {
        private static readonly Type Writer = typeof(CircuitHandler).Assembly
            .GetType("Microsoft.AspNetCore.Components.Server.Circuits.RenderBatchWriter", throwOnError: true)!;

        public List<byte[]> Batches { get; } = [];
        public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

        public int Attach(IComponent component) => AssignRootComponentId(component);
        public Task RenderRootAsync(int componentId) => RenderRootComponentAsync(componentId);

        protected override void HandleException(Exception exception) => ExceptionDispatchInfo.Capture(exception).Throw();

        protected override Task UpdateDisplayAsync(in RenderBatch renderBatch)
        {
            using var stream = new MemoryStream();
            var writer = (IDisposable)Activator.CreateInstance(Writer, stream, true)!;
            Writer.GetMethod("Write", [typeof(RenderBatch).MakeByRefType()])!.Invoke(writer, [renderBatch]);
            writer.Dispose();
            Batches.Add(stream.ToArray());
            return Task.CompletedTask;
        }
    }

    /// <summary>A decision-panel-like component: a region, markup, a bound textarea, a button disabled until there is a reason, a child, a keyed list.</summary>
    private sealed class Panel : ComponentBase
    {
        private IReadOnlyList<string> _items = ["a", "b", "c"];

        public int Clicks { get; private set; }
        public string Reason { get; private set; } = "";

        public void Show(IReadOnlyList<string> items)
        {
            _items = items;
            StateHasChanged();
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "div");
            builder.AddAttribute(1, "class", "panel");
            builder.OpenRegion(2);
            builder.OpenElement(0, "h2");
            builder.AddContent(1, $"Clicked {Clicks}");
            builder.CloseElement();
            builder.CloseRegion();
            builder.AddMarkupContent(3, "<p>static <b>markup</b></p>");
            builder.OpenElement(4, "textarea");
            builder.AddAttribute(5, "id", "reason");
            builder.AddAttribute(6, "value", Reason);
            builder.AddAttribute(7, "oninput", EventCallback.Factory.CreateBinder<string>(this, value => Reason = value, Reason));
            builder.CloseElement();
            if (Clicks == 0)
            {
                builder.OpenElement(8, "button");
                builder.AddAttribute(9, "id", "submit");
                builder.AddAttribute(10, "disabled", Reason.Length == 0);
                builder.AddAttribute(11, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, () => Clicks++));
                builder.AddContent(12, "Approve");
                builder.CloseElement();
            }
            else
            {
                builder.OpenElement(13, "p");
                builder.AddAttribute(14, "id", "done");
                builder.AddContent(15, "Approved");
                builder.CloseElement();
            }
            builder.OpenComponent<Child>(16);
            builder.AddComponentParameter(17, nameof(Child.Text), "child text");
            builder.CloseComponent();
            builder.OpenElement(18, "ul");
            foreach (var item in _items)
            {
                builder.OpenElement(19, "li");
                builder.SetKey(item);
                builder.AddContent(20, item);
                builder.CloseElement();
            }
            builder.CloseElement();
            builder.CloseElement();
        }
    }

    private sealed class Child : ComponentBase
    {
        [Parameter] public string Text { get; set; } = "";

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "span");
            builder.AddAttribute(1, "id", "child");
            builder.AddContent(2, Text);
            builder.CloseElement();
        }
    }
}
