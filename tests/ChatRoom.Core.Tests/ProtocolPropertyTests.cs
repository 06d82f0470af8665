using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatRoom.Internal;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Core.Tests;

/// <summary>
/// Property-based tests: whatever bytes arrive, the engine answers with documented frames only, never throws or hangs,
/// and never stores a message its own validators would reject. Iteration counts are modest to keep the suite fast.
/// </summary>
public sealed partial class ProtocolPropertyTests
{
    private const int MaxMessageLength = 4000;

    private static readonly string[] Actions = ["join", "leave", "sendmessage", "history", "members", "typing", "ping"];

    private static readonly HashSet<string> DocumentedCodes = [.. typeof(ChatErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>What a lone client may get back for each action when it succeeds (typing: nothing).</summary>
    private static readonly Dictionary<string, string?> SuccessReply = new(StringComparer.Ordinal)
    {
        ["join"] = "joined",
        ["leave"] = "left",
        ["sendmessage"] = "message",
        ["history"] = "history",
        ["members"] = "members",
        ["typing"] = null,
        ["ping"] = "pong",
    };

    private static readonly Gen<string> AnyString = Gen.String[Gen.Char, 0, 40];

    private static readonly HashSet<UnicodeCategory> VisibleCategories =
    [
        UnicodeCategory.UppercaseLetter, UnicodeCategory.LowercaseLetter, UnicodeCategory.TitlecaseLetter, UnicodeCategory.ModifierLetter, UnicodeCategory.OtherLetter,
        UnicodeCategory.DecimalDigitNumber, UnicodeCategory.LetterNumber, UnicodeCategory.OtherNumber,
        UnicodeCategory.ConnectorPunctuation, UnicodeCategory.DashPunctuation, UnicodeCategory.OpenPunctuation, UnicodeCategory.ClosePunctuation,
        UnicodeCategory.InitialQuotePunctuation, UnicodeCategory.FinalQuotePunctuation, UnicodeCategory.OtherPunctuation,
        UnicodeCategory.MathSymbol, UnicodeCategory.CurrencySymbol, UnicodeCategory.ModifierSymbol, UnicodeCategory.OtherSymbol,
    ];

    private static readonly (int First, int Last)[] VariationSelectors = [(0xFE00, 0xFE0F), (0xE0100, 0xE01EF)];

    /// <summary>Default ignorable code points that are not Cf, Hangul fillers, blanks, and the tag block (variation selectors aside).</summary>
    private static readonly (int First, int Last)[] DrawsNothing =
    [
        (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x2065, 0x2065), (0x2800, 0x2800),
        (0x3164, 0x3164), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1D159, 0x1D159), (0xE0000, 0xE00FF), (0xE01F0, 0xE0FFF),
    ];

    private static readonly Gen<string> RoomLike = Gen.Frequency(
        (4, Gen.OneOf("general", "lobby")),
        (1, Gen.OneOf("x", "", "ROOM#x", "../x", "lob by", "café", new string('a', 64), new string('a', 65))),
        (1, Gen.String[Gen.Char["abcXYZ019-_.# /é"], 0, 70]),
        (1, AnyString));

    private static readonly Gen<string> TextLike = Gen.Frequency(
        (3, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 "], 1, 20]),
        (1, Gen.OneOf("hi", "", " ", "\n", "a\u0000b", "<script>alert(1)</script>", "\u202Eevil", "line\r\n", new string('x', MaxMessageLength), new string('x', MaxMessageLength + 1))),
        (1, Gen.String[Gen.Char["ab \n\t\r\u0001\u007F\u0085\u200B\u202E😀"], 0, 30]),
        (1, AnyString));

    /// <summary>A JSON value of any type: what a field should hold most of the time, anything else otherwise.</summary>
    private static Gen<string> Value(Gen<string> typical) => Gen.Frequency(
        (6, typical.Select(JsonString)),
        (1, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Int[-2, 120].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("true", "false", "null", "1.5", "-0", "1e400", "[]", "{}", "[\"general\"]", "{\"a\":1}", "\"\\ud800\"", "99999999999999999999")));

    private static readonly Gen<string> Number = Gen.Frequency(
        (4, Gen.Int[-2, 120].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("\"5\"", "null", "1.5", "1e400", "true", "[1]", "99999999999999999999")));

    /// <summary>Objects with a random subset of the protocol's fields (plus junk), each of a random type.</summary>
    private static readonly Gen<string> JsonishFrame = Gen.Select(
        Value(Gen.Frequency((8, Gen.OneOf(Actions)), (1, AnyString), (1, Gen.OneOf("PING", "Join", "shout")))).Null(0.1),
        Value(RoomLike).Null(0.2),
        Value(TextLike).Null(0.3),
        Value(TextLike).Null(0.9),
        Number.Null(0.85),
        Number.Null(0.9),
        Number.Null(0.85),
        Gen.Select(
            Value(Gen.OneOf("c-1", "c-2", "", new string('c', 64), new string('c', 65))).Null(0.6),
            Gen.OneOf(Number, Value(Gen.OneOf("c-1", ""))).Null(0.8),
            Value(AnyString).Null(0.8),
            (cmid, after, junk) => (cmid, after, junk)),
        (action, room, text, data, since, before, limit, rest) =>
        {
            var fields = new List<string>();
            Add(fields, "action", action);
            Add(fields, "room", room);
            Add(fields, "text", text);
            Add(fields, "data", data);
            Add(fields, "since", since);
            Add(fields, "before", before);
            Add(fields, "limit", limit);
            Add(fields, "clientMessageId", rest.cmid);
            Add(fields, "after", rest.after);
            Add(fields, "junk", rest.junk);
            return "{" + string.Join(',', fields) + "}";
        });

    /// <summary>Valid frames with a few bytes overwritten: JSON that is almost right reaches deeper than random bytes.</summary>
    private static readonly Gen<byte[]> MutatedFrame = Gen.Select(
        JsonishFrame,
        Gen.Select(Gen.Int[0, 1000], Gen.Byte).Array[1, 4],
        (json, edits) =>
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            foreach (var (at, value) in edits)
            {
                bytes[at % bytes.Length] = value;
            }

            return bytes;
        });

    [Fact]
    public async Task FrameReceived_ArbitraryBytes_AnswersOnlyDocumentedFramesAndStoresOnlyValidMessages()
    {
        await using var fixture = await EngineFixture.CreateAsync();

        await Gen.Byte.Array[0, 200].SampleAsync(fixture.CheckAsync, iter: 400, threads: 1);

        fixture.AssertStoredMessagesValid();
    }

    [Fact]
    public async Task FrameReceived_ArbitraryJsonishFrames_AnswersOnlyDocumentedFramesAndStoresOnlyValidMessages()
    {
        await using var fixture = await EngineFixture.CreateAsync();

        await JsonishFrame.SampleAsync(json => fixture.CheckAsync(Encoding.UTF8.GetBytes(json)), iter: 1500, threads: 1);

        fixture.AssertStoredMessagesValid();
        Assert.NotEmpty(fixture.Stored);
    }

    [Fact]
    public async Task FrameReceived_MutatedJsonishFrames_AnswersOnlyDocumentedFramesAndStoresOnlyValidMessages()
    {
        await using var fixture = await EngineFixture.CreateAsync();

        await MutatedFrame.SampleAsync(fixture.CheckAsync, iter: 800, threads: 1);

        fixture.AssertStoredMessagesValid();
    }

    [Fact]
    public void RoomNameIsValid_ArbitraryStrings_MatchesReferencePredicate()
    {
        Gen.OneOf<string>(RoomLike, Gen.String[Gen.Char["aZ09-_.\u0130\u212A \u0000/"], 0, 70]).Sample(
            room => Assert.Equal(ReferenceRoomName().IsMatch(room), RoomName.IsValid(room)),
            iter: 5000);
        Assert.False(RoomName.IsValid(null));
    }

    [Fact]
    public void DisplayNameIsValid_ArbitraryStrings_MatchesReferencePredicate()
    {
        var nameChars = Gen.Char["aZ09 <>\t\n\u0000\u007F\u0085\u00A0\u00AD\u200B\u200D\u200E\u202E\u2066\u2028\u2029\u3000\uFEFF\uD83D\uDE00\uD800é名\u0301\u2764\uFE0F\u3164\u2800\u115F\uDB40\uDD00"];
        Gen.OneOf<string>(Gen.String[nameChars, 0, 40], AnyString).Sample(
            name =>
            {
                Assert.Equal(ReferenceDisplayName(name), DisplayName.IsValid(name));
                var chosen = DisplayName.FromRequest(name);
                Assert.True(chosen == name.Trim() || GuestName().IsMatch(chosen), $"'{chosen}' is neither the trimmed request nor a guest name.");
                Assert.True(DisplayName.IsValid(chosen), $"FromRequest chose the invalid name '{chosen}'.");
            },
            iter: 5000);
    }

    [Fact]
    public void MessageTextFindProblem_ArbitraryStrings_MatchesReferencePredicate()
    {
        Gen.Select(Gen.OneOf<string>(TextLike, Gen.String[Gen.Char["a \n\t\r\u0000\u001F\u007F\u0080\u009F\u00A0\u202E"], 0, 12]), Gen.Int[1, 10]).Sample(
            (text, max) =>
            {
                var problem = MessageText.FindProblem(text, max);
                Assert.Equal(ReferenceMessageText(text, max), problem is null);
                Assert.True(problem is null || problem.Length > 0);
            },
            iter: 5000);
    }

    /// <summary>Rooms: 1–64 of ASCII letters, digits, '-', '_', '.'. <c>\z</c>, not <c>$</c>, which would allow a trailing newline.</summary>
    [GeneratedRegex(@"\A[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceRoomName();

    [GeneratedRegex("^guest-[a-z2-9]{4}$")]
    private static partial Regex GuestName();

    /// <summary>
    /// Names: as trimmed, 1–32 UTF-16 units, well-formed; no Cc, Cf, Zl or Zp code point and none that draws nothing
    /// (<see cref="DrawsNothing"/>); a variation selector only right after a visible code point (a letter, number,
    /// punctuation or symbol that draws something), and at least one of those.
    /// </summary>
    private static bool ReferenceDisplayName(string name)
    {
        if (name.Length is 0 or > 32 || name.Trim() != name)
        {
            return false;
        }

        var codePoints = new List<int>();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                codePoints.Add(char.ConvertToUtf32(name[i], name[i + 1]));
                i++;
            }
            else if (char.IsSurrogate(name[i]))
            {
                return false;
            }
            else
            {
                codePoints.Add(name[i]);
            }
        }

        for (var i = 0; i < codePoints.Count; i++)
        {
            var codePoint = codePoints[i];
            var allowed = VariationSelectors.Any(r => codePoint >= r.First && codePoint <= r.Last)
                ? i > 0 && ReferenceVisible(codePoints[i - 1])
                : CharUnicodeInfo.GetUnicodeCategory(codePoint) is not (UnicodeCategory.Control or UnicodeCategory.Format
                    or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                    && !DrawsNothing.Any(r => codePoint >= r.First && codePoint <= r.Last);
            if (!allowed)
            {
                return false;
            }
        }

        return codePoints.Exists(ReferenceVisible);
    }

    private static bool ReferenceVisible(int codePoint) =>
        VisibleCategories.Contains(CharUnicodeInfo.GetUnicodeCategory(codePoint)) && !DrawsNothing.Any(r => codePoint >= r.First && codePoint <= r.Last);

    /// <summary>Text: something other than whitespace, at most <paramref name="max"/> UTF-16 units, no C0/C1/DEL control but newline and tab.</summary>
    private static bool ReferenceMessageText(string text, int max) =>
        text.Any(c => !char.IsWhiteSpace(c))
        && text.Length <= max
        && text.All(c => c is '\n' or '\t' || !(c < 0x20 || (c >= 0x7F && c <= 0x9F)));

    private static void Add(List<string> fields, string name, string? json)
    {
        if (json is not null)
        {
            fields.Add(JsonString(name) + ":" + json);
        }
    }

    private static string JsonString(string value) => JsonSerializer.Serialize(value);

    /// <summary>One host, one lone client in two rooms, and a record of every message the store accepted.</summary>
    private sealed class EngineFixture : IAsyncDisposable
    {
        private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

        private readonly ChatTestHost _host;
        private readonly InMemoryChatClient _client;

        private EngineFixture(ChatTestHost host, InMemoryChatClient client, ConcurrentQueue<NewChatMessage> stored)
        {
            _host = host;
            _client = client;
            Stored = stored;
        }

        public ConcurrentQueue<NewChatMessage> Stored { get; }

        public static async Task<EngineFixture> CreateAsync()
        {
            var stored = new ConcurrentQueue<NewChatMessage>();
            var host = ChatTestHost.Create(
                ChatTestHost.LiftRateLimit,
                services => services.Decorate<IMessageStore>(inner => new RecordingMessageStore(inner, stored)));
            var client = await host.ConnectAsync("prop");
            await client.JoinAsync("lobby");
            return new EngineFixture(host, client, stored);
        }

        public async Task CheckAsync(byte[] frame)
        {
            using var hang = new CancellationTokenSource(HangLimit);
            var handled = _host.Engine.FrameReceivedAsync(_client.ConnectionId, frame, hang.Token);
            var finished = await Task.WhenAny(handled, Task.Delay(Timeout.Infinite, hang.Token).ContinueWith(_ => { }, TaskScheduler.Default));
            Assert.True(finished == handled, $"FrameReceivedAsync hung on {Convert.ToBase64String(frame)}");
            await handled;

            var replies = await _client.DrainAsync();
            Assert.True(replies.Count <= 1, $"Expected at most one reply but got {replies.Count}: {string.Join(", ", replies.Select(r => r.GetRawText()))}");
            if (replies.Count == 0)
            {
                Assert.True(IsTyping(frame), $"Only a successful typing frame goes unanswered; got none for {Encoding.UTF8.GetString(frame)}");
                return;
            }

            var reply = replies[0];
            var type = Frames.String(reply, "type");
            if (type == "error")
            {
                Assert.Contains(Frames.String(reply, "code"), DocumentedCodes);
                Assert.NotEqual(ChatErrorCodes.Unavailable, Frames.String(reply, "code"));
                return;
            }

            var action = ParseAction(frame);
            Assert.True(action is not null && SuccessReply.TryGetValue(action, out var expected) && expected == type, $"'{type}' does not answer {Encoding.UTF8.GetString(frame)}");
        }

        public void AssertStoredMessagesValid()
        {
            foreach (var message in Stored)
            {
                Assert.True(RoomName.IsValid(message.Room), $"Stored a message in the invalid room '{message.Room}'.");
                Assert.True(MessageText.FindProblem(message.Text, MaxMessageLength) is null, $"Stored the invalid text '{message.Text}'.");
                Assert.True(ReferenceMessageText(message.Text, MaxMessageLength), $"Stored the invalid text '{message.Text}'.");
                Assert.True(message.ClientMessageId is null or { Length: >= 1 and <= 64 }, $"Stored the invalid clientMessageId '{message.ClientMessageId}'.");
                Assert.Equal(message.Text, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(message.Text)));
            }
        }

        public async ValueTask DisposeAsync() => await _host.DisposeAsync();

        private static bool IsTyping(byte[] frame) => ParseAction(frame) == "typing";

        private static string? ParseAction(byte[] frame)
        {
            try
            {
                using var document = JsonDocument.Parse(frame);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("action", out var action)
                    && action.ValueKind == JsonValueKind.String
                    ? action.GetString()
                    : null;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    private sealed class RecordingMessageStore(IMessageStore inner, ConcurrentQueue<NewChatMessage> stored) : MessageStoreDecorator(inner)
    {
        public override async Task<AppendResult> AppendAsync(NewChatMessage message, CancellationToken cancellationToken = default)
        {
            var result = await base.AppendAsync(message, cancellationToken);
            stored.Enqueue(message);
            return result;
        }
    }
}
