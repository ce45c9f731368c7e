using System.Buffers.Binary;
using System.Text;

namespace ComplianceReview.LoadDriver;

/// <summary>The frame types a render batch carries (the values of the framework's <c>RenderTreeFrameType</c>).</summary>
public enum FrameType
{
    None = 0,
    Element = 1,
    Text = 2,
    Attribute = 3,
    Component = 4,
    Region = 5,
    ElementReferenceCapture = 6,
    ComponentReferenceCapture = 7,
    Markup = 8,
}

/// <summary>The edit types of a component's diff (the values of the framework's <c>RenderTreeEditType</c>).</summary>
public enum EditType
{
    PrependFrame = 1,
    RemoveFrame = 2,
    SetAttribute = 3,
    RemoveAttribute = 4,
    UpdateText = 5,
    StepIn = 6,
    StepOut = 7,
    UpdateMarkup = 8,
    PermutationListEntry = 9,
    PermutationListEnd = 10,
}

/// <summary>
/// One reference frame as the client sees it: only what the writer sends (no sequence numbers, no non-string values).
/// <see cref="SubtreeLength"/> is set for elements, components and regions; <see cref="Name"/> is the element or
/// attribute name; <see cref="Value"/> the attribute value, text, markup or element reference id.
/// </summary>
public readonly record struct Frame(FrameType Type, int SubtreeLength, string? Name, string? Value, ulong EventHandlerId, int ComponentId);

/// <summary>One edit; <see cref="ReferenceFrameIndex"/> doubles as the move-to index of a permutation entry.</summary>
public readonly record struct Edit(EditType Type, int SiblingIndex, int ReferenceFrameIndex, string? RemovedAttributeName)
{
    public int MoveToSiblingIndex => ReferenceFrameIndex;
}

public sealed record ComponentDiff(int ComponentId, IReadOnlyList<Edit> Edits);

public sealed record RenderBatchData(
    IReadOnlyList<ComponentDiff> UpdatedComponents,
    IReadOnlyList<Frame> ReferenceFrames,
    IReadOnlyList<int> DisposedComponentIds,
    IReadOnlyList<ulong> DisposedEventHandlerIds);

/// <summary>
/// Reads the binary render batch that Blazor Server sends in <c>JS.RenderBatch</c> (written by the framework's internal
/// <c>RenderBatchWriter</c>, read in the browser by blazor.web.js's <c>OutOfProcessRenderBatch</c>). All integers are
/// little-endian. The last 20 bytes hold five offsets: updated components, reference frames, disposed component ids,
/// disposed event handler ids, string table. Fixed-size entries: an edit is 16 bytes (type, sibling index, reference frame
/// index, removed attribute name as a string index), a frame 20 bytes (type, then 16 bytes whose meaning depends on the
/// type). Strings are indices into the table, -1 for null; each entry is a 7-bit-encoded length and UTF-8 bytes.
/// </summary>
public static class RenderBatchReader
{
    private const int FrameEntryLength = 20;
    private const int EditEntryLength = 16;

    public static RenderBatchData Read(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < 20) throw new FormatException($"A render batch has at least 20 bytes; this one has {batch.Length}.");
        var end = batch.Length - 20;
        var updatedComponentsOffset = Int(batch, end);
        var referenceFramesOffset = Int(batch, end + 4);
        var disposedComponentIdsOffset = Int(batch, end + 8);
        var disposedEventHandlerIdsOffset = Int(batch, end + 12);
        var stringTableOffset = Int(batch, end + 16);
        var strings = new StringTable(batch, stringTableOffset, end);

        var diffCount = Int(batch, updatedComponentsOffset);
        var diffs = new List<ComponentDiff>(diffCount);
        for (var i = 0; i < diffCount; i++)
        {
            var position = Int(batch, updatedComponentsOffset + 4 + 4 * i);
            var componentId = Int(batch, position);
            var editCount = Int(batch, position + 4);
            var edits = new Edit[editCount];
            for (var e = 0; e < editCount; e++)
            {
                var at = position + 8 + e * EditEntryLength;
                edits[e] = new Edit((EditType)Int(batch, at), Int(batch, at + 4), Int(batch, at + 8), strings.Get(Int(batch, at + 12)));
            }
            diffs.Add(new ComponentDiff(componentId, edits));
        }

        var frameCount = Int(batch, referenceFramesOffset);
        var frames = new Frame[frameCount];
        for (var f = 0; f < frameCount; f++)
        {
            var at = referenceFramesOffset + 4 + f * FrameEntryLength;
            var type = (FrameType)Int(batch, at);
            var data = at + 4;
            frames[f] = type switch
            {
                FrameType.Attribute => new Frame(type, 0, strings.Get(Int(batch, data)), strings.Get(Int(batch, data + 4)),
                    BinaryPrimitives.ReadUInt64LittleEndian(batch[(data + 8)..]), 0),
                FrameType.Component => new Frame(type, Int(batch, data), null, null, 0, Int(batch, data + 4)),
                FrameType.Element => new Frame(type, Int(batch, data), strings.Get(Int(batch, data + 4)), null, 0, 0),
                FrameType.Region => new Frame(type, Int(batch, data), null, null, 0, 0),
                FrameType.Text or FrameType.Markup or FrameType.ElementReferenceCapture =>
                    new Frame(type, 0, null, strings.Get(Int(batch, data)), 0, 0),
                // Component reference captures are padding to the client; anything newer is carried as its type only.
                _ => new Frame(type, 0, null, null, 0, 0),
            };
        }

        var disposedComponentCount = Int(batch, disposedComponentIdsOffset);
        var disposedComponents = new int[disposedComponentCount];
        for (var i = 0; i < disposedComponentCount; i++) disposedComponents[i] = Int(batch, disposedComponentIdsOffset + 4 + 4 * i);

        var disposedHandlerCount = Int(batch, disposedEventHandlerIdsOffset);
        var disposedHandlers = new ulong[disposedHandlerCount];
        for (var i = 0; i < disposedHandlerCount; i++)
            disposedHandlers[i] = BinaryPrimitives.ReadUInt64LittleEndian(batch[(disposedEventHandlerIdsOffset + 4 + 8 * i)..]);

        return new RenderBatchData(diffs, frames, disposedComponents, disposedHandlers);
    }

    private static int Int(ReadOnlySpan<byte> batch, int offset)
    {
        if (offset < 0 || offset + 4 > batch.Length) throw new FormatException($"Offset {offset} is outside the batch ({batch.Length} bytes).");
        return BinaryPrimitives.ReadInt32LittleEndian(batch[offset..]);
    }

    /// <summary>The table at the end: one int32 location per string, from its offset to the five trailing offsets.</summary>
    private readonly ref struct StringTable
    {
        private readonly ReadOnlySpan<byte> _batch;
        private readonly int _offset;
        private readonly int _count;

        public StringTable(ReadOnlySpan<byte> batch, int offset, int end)
        {
            _batch = batch;
            _offset = offset;
            _count = (end - offset) / 4;
        }

        public string? Get(int index)
        {
            if (index == -1) return null;
            if ((uint)index >= (uint)_count) throw new FormatException($"String index {index} is outside the table ({_count} entries).");
            var position = Int(_batch, _offset + 4 * index);
            // BinaryWriter.Write(string): the UTF-8 byte count as a 7-bit encoded integer (LEB128), then the bytes.
            var length = 0;
            var shift = 0;
            byte b;
            do
            {
                b = _batch[position++];
                length |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return Encoding.UTF8.GetString(_batch.Slice(position, length));
        }
    }
}
