using System.Text;

namespace ComplianceReview.App.Documents.Intake;

internal enum PdfToken : byte
{
    EndOfData,
    Integer,
    Real,
    Name,
    String,
    ArrayStart,
    ArrayEnd,
    DictionaryStart,
    DictionaryEnd,
    Keyword,
}

/// <summary>
/// The lexical rules of PDF (ISO 32000-1, 7.2) over bytes already in memory: no recursion, no allocation per token (names
/// are decoded into a reused buffer). Anything PDF does not allow outside a stream (a stray <c>)</c>, a single <c>&gt;</c>,
/// <c>{</c>, an unterminated string) is refused rather than guessed at, and so are names and strings over the limits.
/// Refusals name a byte offset, never the file's bytes: an order's text can hold customer data, and refusals are logged.
/// </summary>
internal sealed class PdfTokenizer(ReadOnlyMemory<byte> data, PdfScanLimits limits)
{
    private readonly byte[] _name = new byte[limits.MaxNameBytes];

    public ReadOnlyMemory<byte> Data { get; } = data;

    public int Position { get; set; }

    public PdfToken Token { get; private set; }

    /// <summary>Where the current token starts.</summary>
    public int TokenStart { get; private set; }

    public long Integer { get; private set; }

    /// <summary>The current string's length in bytes as written (escapes and hex digits included).</summary>
    public int StringLength { get; private set; }

    /// <summary>The current name, decoded (<c>#xx</c> escapes resolved), without its slash.</summary>
    public ReadOnlySpan<byte> Name => _name.AsSpan(0, NameLength);

    public int NameLength { get; private set; }

    /// <summary>The current keyword's bytes (<c>obj</c>, <c>R</c>, <c>true</c>, ...).</summary>
    public ReadOnlySpan<byte> Keyword => Data.Span.Slice(TokenStart, Position - TokenStart);

    public bool IsKeyword(ReadOnlySpan<byte> keyword) => Token == PdfToken.Keyword && Keyword.SequenceEqual(keyword);

    public string NameText() => Encoding.Latin1.GetString(Name);

    public static bool IsWhiteSpace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    public static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    /// <summary>Skips white space and comments; true if anything but the end of the data follows.</summary>
    public bool SkipWhiteSpaceAndComments()
    {
        var span = Data.Span;
        var i = Position;
        while (i < span.Length)
        {
            var b = span[i];
            if (IsWhiteSpace(b)) i++;
            else if (b == '%')
            {
                while (i < span.Length && span[i] is not (byte)'\r' and not (byte)'\n') i++;
            }
            else break;
        }
        Position = i;
        return i < span.Length;
    }

    public PdfToken Next()
    {
        SkipWhiteSpaceAndComments();
        var span = Data.Span;
        TokenStart = Position;
        if (Position >= span.Length) return Token = PdfToken.EndOfData;

        var b = span[Position];
        switch (b)
        {
            case (byte)'[':
                Position++;
                return Token = PdfToken.ArrayStart;
            case (byte)']':
                Position++;
                return Token = PdfToken.ArrayEnd;
            case (byte)'<' when Position + 1 < span.Length && span[Position + 1] == '<':
                Position += 2;
                return Token = PdfToken.DictionaryStart;
            case (byte)'>' when Position + 1 < span.Length && span[Position + 1] == '>':
                Position += 2;
                return Token = PdfToken.DictionaryEnd;
            case (byte)'<':
                return ScanHexString(span);
            case (byte)'(':
                return ScanLiteralString(span);
            case (byte)'/':
                return ScanName(span);
            case (byte)')' or (byte)'>' or (byte)'{' or (byte)'}':
                throw PdfScanRefusal.Malformed($"an unexpected delimiter at byte {Position}");
            default:
                return ScanRegular(span);
        }
    }

    private PdfToken ScanLiteralString(ReadOnlySpan<byte> span)
    {
        // Balanced parentheses are part of the string; a counter, not recursion, keeps track of them.
        var i = Position + 1;
        var open = 1;
        while (i < span.Length)
        {
            var b = span[i++];
            if (b == '\\') i++;
            else if (b == '(') open++;
            else if (b == ')' && --open == 0) break;
            if (i - Position > limits.MaxStringBytes) throw new PdfScanRefusal(PdfScanProblem.StringTooLong, $"a string longer than {limits.MaxStringBytes} bytes at byte {Position}");
        }
        if (open != 0) throw PdfScanRefusal.Truncated($"a string that never ends, from byte {Position}");
        StringLength = i - Position;
        Position = i;
        return Token = PdfToken.String;
    }

    private PdfToken ScanHexString(ReadOnlySpan<byte> span)
    {
        var i = Position + 1;
        while (i < span.Length && span[i] != '>')
        {
            var b = span[i];
            if (!IsWhiteSpace(b) && !Uri.IsHexDigit((char)b)) throw PdfScanRefusal.Malformed($"a hex string with a character that is not a hex digit at byte {i}");
            if (++i - Position > limits.MaxStringBytes) throw new PdfScanRefusal(PdfScanProblem.StringTooLong, $"a string longer than {limits.MaxStringBytes} bytes at byte {Position}");
        }
        if (i >= span.Length) throw PdfScanRefusal.Truncated($"a hex string that never ends, from byte {Position}");
        StringLength = i + 1 - Position;
        Position = i + 1;
        return Token = PdfToken.String;
    }

    private PdfToken ScanName(ReadOnlySpan<byte> span)
    {
        var i = Position + 1;
        var length = 0;
        while (i < span.Length && !IsWhiteSpace(span[i]) && !IsDelimiter(span[i]))
        {
            if (length == _name.Length) throw new PdfScanRefusal(PdfScanProblem.StringTooLong, $"a name longer than {limits.MaxNameBytes} bytes at byte {Position}");
            var b = span[i++];
            if (b == '#' && i + 1 < span.Length && Uri.IsHexDigit((char)span[i]) && Uri.IsHexDigit((char)span[i + 1]))
            {
                b = (byte)(Uri.FromHex((char)span[i]) << 4 | Uri.FromHex((char)span[i + 1]));
                i += 2;
            }
            _name[length++] = b;
        }
        NameLength = length;
        Position = i;
        return Token = PdfToken.Name;
    }

    private PdfToken ScanRegular(ReadOnlySpan<byte> span)
    {
        var i = Position;
        while (i < span.Length && !IsWhiteSpace(span[i]) && !IsDelimiter(span[i]))
        {
            if (++i - Position > limits.MaxNameBytes) throw new PdfScanRefusal(PdfScanProblem.StringTooLong, $"a token longer than {limits.MaxNameBytes} bytes at byte {Position}");
        }
        var text = span[Position..i];
        Position = i;
        var first = text[0];
        if (first is (byte)'+' or (byte)'-' or (byte)'.' || first is >= (byte)'0' and <= (byte)'9') return ScanNumber(text);
        return Token = PdfToken.Keyword;
    }

    /// <summary>[+-]? digits [. digits] or [+-]? . digits; an integer too large for 64 bits is a real, as PDFsharp reads it.</summary>
    private PdfToken ScanNumber(ReadOnlySpan<byte> text)
    {
        var i = text[0] is (byte)'+' or (byte)'-' ? 1 : 0;
        var digits = 0;
        var dot = false;
        for (; i < text.Length; i++)
        {
            var b = text[i];
            if (b is >= (byte)'0' and <= (byte)'9') digits++;
            else if (b == '.' && !dot) dot = true;
            else throw PdfScanRefusal.Malformed($"a token that is not a number at byte {TokenStart}");
        }
        if (digits == 0) throw PdfScanRefusal.Malformed($"a token that is not a number at byte {TokenStart}");
        if (!dot && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            Integer = value;
            return Token = PdfToken.Integer;
        }
        return Token = PdfToken.Real;
    }
}

internal enum PdfKind : byte
{
    Null,
    Boolean,
    Integer,
    Real,
    Name,
    String,
    Reference,
    Array,
    Dictionary,

    /// <summary>A container nested deeper than the scan keeps (still read and checked in full, not kept).</summary>
    Opaque,
}

/// <summary>One PDF value as the scan keeps it: small, and only as deep as the structure checks need.</summary>
internal readonly record struct PdfItem(PdfKind Kind, long Number = 0, int Generation = 0, object? Payload = null)
{
    public static readonly PdfItem Null = new(PdfKind.Null);

    public string? NameValue => Kind == PdfKind.Name ? (string)Payload! : null;

    public IReadOnlyList<PdfItem>? ArrayValue => Kind == PdfKind.Array ? (List<PdfItem>)Payload! : null;

    public IReadOnlyDictionary<string, PdfItem>? DictionaryValue => Kind == PdfKind.Dictionary ? (Dictionary<string, PdfItem>)Payload! : null;

    public bool IsReference => Kind == PdfKind.Reference;

    public PdfItem Get(string key) => DictionaryValue is { } d && d.TryGetValue(key, out var value) ? value : Null;

    public bool TryGetInteger(out long value)
    {
        value = Number;
        return Kind == PdfKind.Integer;
    }
}

/// <summary>
/// Reads one PDF value with an explicit stack instead of recursion, so its depth is a number it checks
/// (<see cref="PdfScanLimits.MaxNestingDepth"/>), not the thread's stack. Every value counts against the scan's budget; every
/// dictionary key and action type goes past the <see cref="ActiveContentDetector"/>. Containers up to
/// <see cref="PdfScanLimits.KeptDepth"/> levels are kept for the structure checks; deeper ones are read and dropped.
/// </summary>
internal sealed class PdfValueReader(PdfScanBudget budget, ActiveContentDetector detector)
{
    private readonly List<Frame> _stack = [];

    private struct Frame
    {
        public bool IsDictionary;
        public List<PdfItem>? Items;
        public Dictionary<string, PdfItem>? Entries;
        public bool HasKey;
        public string? Key;
        public ActiveContentDetector.KeyKind KeyKind;
    }

    /// <summary>Reads the value that starts at the next token.</summary>
    public PdfItem Read(PdfTokenizer tokens)
    {
        _stack.Clear();
        while (true)
        {
            var token = tokens.Next();
            PdfItem value;
            switch (token)
            {
                case PdfToken.ArrayStart or PdfToken.DictionaryStart:
                    ExpectValuePosition(tokens);
                    budget.CountValue();
                    var depth = _stack.Count + 1;
                    if (depth > budget.Limits.MaxNestingDepth)
                        throw new PdfScanRefusal(PdfScanProblem.NestingTooDeep, $"arrays or dictionaries nested more than {budget.Limits.MaxNestingDepth} levels deep at byte {tokens.TokenStart}");
                    budget.NoteDepth(depth);
                    var keep = depth <= budget.Limits.KeptDepth && (_stack.Count == 0 || _stack[^1].Items is not null || _stack[^1].Entries is not null);
                    _stack.Add(token == PdfToken.ArrayStart
                        ? new Frame { Items = keep ? [] : null }
                        : new Frame { IsDictionary = true, Entries = keep ? new Dictionary<string, PdfItem>(StringComparer.Ordinal) : null });
                    continue;

                case PdfToken.ArrayEnd:
                    if (_stack.Count == 0 || _stack[^1].IsDictionary) throw PdfScanRefusal.Malformed($"an unexpected ']' at byte {tokens.TokenStart}");
                    value = Pop();
                    break;

                case PdfToken.DictionaryEnd:
                    if (_stack.Count == 0 || !_stack[^1].IsDictionary || _stack[^1].HasKey)
                        throw PdfScanRefusal.Malformed($"an unexpected '>>' at byte {tokens.TokenStart}");
                    value = Pop();
                    break;

                case PdfToken.Name when _stack.Count > 0 && _stack[^1].IsDictionary && !_stack[^1].HasKey:
                    budget.CountValue();
                    StartEntry(tokens);
                    continue;

                case PdfToken.EndOfData:
                    throw PdfScanRefusal.Truncated(_stack.Count == 0 ? "the data ends where a value was expected" : "the data ends inside an array or dictionary");

                default:
                    ExpectValuePosition(tokens);
                    budget.CountValue();
                    value = Scalar(tokens);
                    break;
            }

            if (_stack.Count == 0) return value;
            Add(value);
        }
    }

    private void ExpectValuePosition(PdfTokenizer tokens)
    {
        // In a dictionary a key must come first; anything else there is not PDF.
        if (_stack.Count > 0 && _stack[^1].IsDictionary && !_stack[^1].HasKey)
            throw PdfScanRefusal.Malformed($"a dictionary key that is not a name at byte {tokens.TokenStart}");
    }

    private void StartEntry(PdfTokenizer tokens)
    {
        var frame = _stack[^1];
        frame.HasKey = true;
        frame.KeyKind = detector.OnKey(tokens.Name);
        frame.Key = frame.Entries is not null ? tokens.NameText() : null;
        _stack[^1] = frame;
    }

    private PdfItem Scalar(PdfTokenizer tokens)
    {
        var keep = _stack.Count == 0 || _stack[^1].Items is not null || _stack[^1].Entries is not null;
        switch (tokens.Token)
        {
            case PdfToken.Integer:
                return ReferenceOrInteger(tokens);
            case PdfToken.Real:
                return new PdfItem(PdfKind.Real);
            case PdfToken.String:
                budget.CountString(tokens.StringLength);
                return new PdfItem(PdfKind.String, tokens.StringLength);
            case PdfToken.Name:
                if (_stack.Count > 0 && _stack[^1].IsDictionary) detector.OnNameValue(_stack[^1].KeyKind, tokens.Name);
                return new PdfItem(PdfKind.Name, Payload: keep ? tokens.NameText() : null);
            case PdfToken.Keyword when tokens.IsKeyword("true"u8) || tokens.IsKeyword("false"u8):
                return new PdfItem(PdfKind.Boolean, tokens.IsKeyword("true"u8) ? 1 : 0);
            case PdfToken.Keyword when tokens.IsKeyword("null"u8):
                return PdfItem.Null;
            default:
                throw PdfScanRefusal.Malformed($"a keyword where a value was expected at byte {tokens.TokenStart}");
        }
    }

    /// <summary>An integer, or the first of "n g R": look two tokens ahead and step back if it is not a reference.</summary>
    private static PdfItem ReferenceOrInteger(PdfTokenizer tokens)
    {
        var number = tokens.Integer;
        var after = tokens.Position;
        if (number >= 0 && number <= int.MaxValue && TryReferenceTail(tokens, out var generation)) return new PdfItem(PdfKind.Reference, number, generation);
        tokens.Position = after;
        return new PdfItem(PdfKind.Integer, number);
    }

    private static bool TryReferenceTail(PdfTokenizer tokens, out int generation)
    {
        generation = 0;
        var start = tokens.Position;
        if (!tokens.SkipWhiteSpaceAndComments()) return false;
        var span = tokens.Data.Span;
        if (span[tokens.Position] is < (byte)'0' or > (byte)'9') return false;
        if (tokens.Next() != PdfToken.Integer || tokens.Integer is < 0 or > 65535)
        {
            tokens.Position = start;
            return false;
        }
        generation = (int)tokens.Integer;
        if (!tokens.SkipWhiteSpaceAndComments() || span[tokens.Position] != 'R' || tokens.Next() != PdfToken.Keyword || !tokens.IsKeyword("R"u8))
        {
            tokens.Position = start;
            return false;
        }
        return true;
    }

    private PdfItem Pop()
    {
        var frame = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        if (frame.IsDictionary) return frame.Entries is null ? new PdfItem(PdfKind.Opaque) : new PdfItem(PdfKind.Dictionary, Payload: frame.Entries);
        return frame.Items is null ? new PdfItem(PdfKind.Opaque) : new PdfItem(PdfKind.Array, Payload: frame.Items);
    }

    private void Add(PdfItem value)
    {
        var frame = _stack[^1];
        if (frame.IsDictionary)
        {
            // The last of two equal keys wins, as in PDFsharp's reader: the checks must see the /Length it will use.
            if (frame.Entries is not null && frame.Key is not null) frame.Entries[frame.Key] = value;
            frame.HasKey = false;
            frame.Key = null;
            frame.KeyKind = ActiveContentDetector.KeyKind.Other;
            _stack[^1] = frame;
        }
        else
        {
            frame.Items?.Add(value);
        }
    }
}
