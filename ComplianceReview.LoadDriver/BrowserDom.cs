using System.Text;

namespace ComplianceReview.LoadDriver;

/// <summary>A node of the logical DOM that <see cref="BrowserDom"/> keeps.</summary>
public abstract class DomNode
{
    public DomContainer? Parent { get; internal set; }
}

/// <summary>A node with logical children: an element, a component's place, or a markup block.</summary>
public abstract class DomContainer : DomNode
{
    public List<DomNode> Children { get; } = [];

    public IEnumerable<DomElement> Descendants()
    {
        foreach (var child in Children)
        {
            if (child is DomElement element) yield return element;
            if (child is DomContainer container)
                foreach (var descendant in container.Descendants()) yield return descendant;
        }
    }

    /// <summary>The text a person would read: text nodes and markup blocks (tags stripped roughly), in order.</summary>
    public string TextContent()
    {
        var text = new StringBuilder();
        Append(this, text);
        return text.ToString();

        static void Append(DomContainer container, StringBuilder text)
        {
            foreach (var child in container.Children)
            {
                switch (child)
                {
                    case DomText t: text.Append(t.Text); break;
                    case DomMarkup m: text.Append(System.Text.RegularExpressions.Regex.Replace(m.Html, "<[^>]*>", "")); break;
                    case DomContainer c: Append(c, text); break;
                }
            }
        }
    }
}

/// <summary>An element: its attributes, and the event handlers the server attached to it (event name without "on").</summary>
public sealed class DomElement(string name, int componentId) : DomContainer
{
    public string Name { get; } = name;

    /// <summary>The component that rendered the element; input and change events carry it as their field's owner.</summary>
    public int ComponentId { get; } = componentId;

    public Dictionary<string, string?> Attributes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ulong> EventHandlers { get; } = new(StringComparer.Ordinal);

    public string? Id => Attributes.GetValueOrDefault("id");
    public override string ToString() => $"<{Name}{(Id is null ? "" : $" id={Id}")}>";
}

/// <summary>Where a component's output goes: one logical child of its parent, the component's frames inside.</summary>
public sealed class DomComponent(int componentId) : DomContainer
{
    public int ComponentId { get; } = componentId;
}

public sealed class DomText(string text) : DomNode
{
    public string Text { get; internal set; } = text;
}

public sealed class DomMarkup(string html) : DomNode
{
    public string Html { get; } = html;
}

/// <summary>
/// The page as blazor.web.js's BrowserRenderer keeps it, without a browser: each component's logical children, built
/// by applying every render batch's edits in order (prepend, remove, set and remove attributes, text and markup updates,
/// step in and out, permutations). Regions are flattened into their parent, a component is one logical child whose
/// children come from its own diff, a markup block is one logical child. Event handler attributes become entries of
/// <see cref="DomElement.EventHandlers"/>, which is how a headless client finds the ids to dispatch events to.
/// </summary>
public sealed class BrowserDom
{
    private readonly Dictionary<int, DomComponent> _components = [];
    private readonly List<DomComponent> _roots = [];

    /// <summary>Root components: the ones attached by the server (<c>JS.AttachComponent</c>) or first seen in a batch.</summary>
    public IReadOnlyList<DomComponent> Roots => _roots;

    public void AttachRootComponent(int componentId)
    {
        if (_components.ContainsKey(componentId)) return;
        var root = new DomComponent(componentId);
        _components[componentId] = root;
        _roots.Add(root);
    }

    public IEnumerable<DomElement> Elements() => _roots.SelectMany(r => r.Descendants());

    public DomElement? ElementById(string id) => Elements().FirstOrDefault(e => e.Id == id);

    public void Apply(RenderBatchData batch)
    {
        foreach (var diff in batch.UpdatedComponents)
        {
            if (!_components.TryGetValue(diff.ComponentId, out var container))
            {
                // blazor.web.js learns root components from the server first; be lenient and treat it as a root.
                AttachRootComponent(diff.ComponentId);
                container = _components[diff.ComponentId];
            }
            ApplyEdits(diff.ComponentId, container, diff.Edits, batch.ReferenceFrames);
        }
        foreach (var id in batch.DisposedComponentIds) _components.Remove(id);
        if (batch.DisposedEventHandlerIds.Count > 0)
        {
            var disposed = batch.DisposedEventHandlerIds.ToHashSet();
            foreach (var element in Elements())
                foreach (var (name, handler) in element.EventHandlers.ToList())
                    if (disposed.Contains(handler)) element.EventHandlers.Remove(name);
        }
    }

    private void ApplyEdits(int componentId, DomContainer parent, IReadOnlyList<Edit> edits, IReadOnlyList<Frame> frames)
    {
        var depth = 0;
        var childIndexAtDepth = 0;
        List<(int From, int To)>? permutation = null;
        foreach (var edit in edits)
        {
            var index = childIndexAtDepth + edit.SiblingIndex;
            switch (edit.Type)
            {
                case EditType.PrependFrame:
                    InsertFrame(componentId, parent, index, frames, edit.ReferenceFrameIndex);
                    break;
                case EditType.RemoveFrame:
                    Remove(parent, index);
                    break;
                case EditType.SetAttribute:
                    ApplyAttribute(Child<DomElement>(parent, index, edit), frames[edit.ReferenceFrameIndex]);
                    break;
                case EditType.RemoveAttribute:
                {
                    var element = Child<DomElement>(parent, index, edit);
                    var name = edit.RemovedAttributeName ?? throw new FormatException("A RemoveAttribute edit without a name.");
                    element.Attributes.Remove(name);
                    if (name.StartsWith("on", StringComparison.Ordinal)) element.EventHandlers.Remove(name[2..]);
                    break;
                }
                case EditType.UpdateText:
                    Child<DomText>(parent, index, edit).Text = frames[edit.ReferenceFrameIndex].Value ?? "";
                    break;
                case EditType.UpdateMarkup:
                    Remove(parent, index);
                    Insert(parent, index, new DomMarkup(frames[edit.ReferenceFrameIndex].Value ?? ""));
                    break;
                case EditType.StepIn:
                    parent = Child<DomContainer>(parent, index, edit);
                    depth++;
                    childIndexAtDepth = 0;
                    break;
                case EditType.StepOut:
                    parent = parent.Parent ?? throw new FormatException("StepOut above the component's root.");
                    depth--;
                    childIndexAtDepth = 0;
                    break;
                case EditType.PermutationListEntry:
                    (permutation ??= []).Add((index, childIndexAtDepth + edit.MoveToSiblingIndex));
                    break;
                case EditType.PermutationListEnd:
                {
                    var moved = permutation ?? throw new FormatException("PermutationListEnd without entries.");
                    var before = parent.Children.ToArray();
                    foreach (var (from, to) in moved) parent.Children[to] = before[from];
                    permutation = null;
                    break;
                }
                default:
                    throw new FormatException($"Unknown edit type {(int)edit.Type}.");
            }
        }
        if (depth != 0) throw new FormatException($"The edits of component {componentId} end at depth {depth}.");
    }

    /// <summary>Inserts one frame (and its subtree); returns how many logical children it added (regions: several, captures: none).</summary>
    private int InsertFrame(int componentId, DomContainer parent, int index, IReadOnlyList<Frame> frames, int frameIndex)
    {
        var frame = frames[frameIndex];
        switch (frame.Type)
        {
            case FrameType.Element:
            {
                var element = new DomElement(frame.Name ?? throw new FormatException("An element without a name."), componentId);
                var endExcl = frameIndex + frame.SubtreeLength;
                var child = frameIndex + 1;
                for (; child < endExcl && frames[child].Type == FrameType.Attribute; child++) ApplyAttribute(element, frames[child]);
                Insert(parent, index, element);
                InsertRange(componentId, element, 0, frames, child, endExcl);
                return 1;
            }
            case FrameType.Text:
                Insert(parent, index, new DomText(frame.Value ?? ""));
                return 1;
            case FrameType.Markup:
                Insert(parent, index, new DomMarkup(frame.Value ?? ""));
                return 1;
            case FrameType.Component:
            {
                var container = new DomComponent(frame.ComponentId);
                _components[frame.ComponentId] = container;
                Insert(parent, index, container);
                return 1;
            }
            case FrameType.Region:
                return InsertRange(componentId, parent, index, frames, frameIndex + 1, frameIndex + frame.SubtreeLength);
            case FrameType.ElementReferenceCapture:
            case FrameType.ComponentReferenceCapture:
                return 0;
            case FrameType.Attribute:
                throw new FormatException("An attribute frame outside the leading children of an element.");
            default:
                return 0;
        }
    }

    private int InsertRange(int componentId, DomContainer parent, int index, IReadOnlyList<Frame> frames, int start, int endExcl)
    {
        var first = index;
        for (var i = start; i < endExcl; i++)
        {
            var frame = frames[i];
            index += InsertFrame(componentId, parent, index, frames, i);
            if (frame.Type is FrameType.Element or FrameType.Component or FrameType.Region) i += frame.SubtreeLength - 1;
        }
        return index - first;
    }

    private static void ApplyAttribute(DomElement element, Frame attribute)
    {
        var name = attribute.Name ?? throw new FormatException("An attribute without a name.");
        if (attribute.EventHandlerId != 0)
        {
            if (!name.StartsWith("on", StringComparison.Ordinal)) throw new FormatException($"Event handler attribute '{name}' does not start with 'on'.");
            element.EventHandlers[name[2..]] = attribute.EventHandlerId;
            return;
        }
        element.Attributes[name] = attribute.Value;
    }

    private static void Insert(DomContainer parent, int index, DomNode node)
    {
        if (index > parent.Children.Count) throw new FormatException($"Insert at {index} into {parent.Children.Count} children.");
        node.Parent = parent;
        parent.Children.Insert(index, node);
    }

    private void Remove(DomContainer parent, int index)
    {
        if (index >= parent.Children.Count) throw new FormatException($"Remove at {index} of {parent.Children.Count} children.");
        var node = parent.Children[index];
        parent.Children.RemoveAt(index);
        node.Parent = null;
        if (node is DomComponent component) _components.Remove(component.ComponentId);
    }

    private static T Child<T>(DomContainer parent, int index, Edit edit) where T : DomNode =>
        index < parent.Children.Count && parent.Children[index] is T node
            ? node
            : throw new FormatException($"{edit.Type} at child {index}: expected a {typeof(T).Name}, found " +
                $"{(index < parent.Children.Count ? parent.Children[index].GetType().Name : "nothing")}.");
}
