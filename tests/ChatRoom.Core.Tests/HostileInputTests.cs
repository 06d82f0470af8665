using System.Text;
using System.Text.Json;

namespace ChatRoom.Core.Tests;

/// <summary>
/// A corpus of hostile frames: each gets the documented error code, the connection stays usable, and the stores are
/// unchanged (no message stored, membership as before, nobody else told anything).
/// </summary>
public sealed class HostileInputTests
{
    private const int MaxMessageLength = 4000;

    /// <summary>Named hostile frames, so test names stay short however large the frame is.</summary>
    private static readonly Dictionary<string, Func<byte[]>> Corpus = new(StringComparer.Ordinal)
    {
        // Invalid UTF-8, in every place a reader might meet it.
        ["utf8-bare-bytes"] = () => [0xFF, 0xFE, 0xFD],
        ["utf8-in-action"] = () => Utf8WithRaw("""{"action":"#"}""", 0xFF),
        ["utf8-in-text"] = () => Utf8WithRaw("""{"action":"sendmessage","room":"general","text":"a#b"}""", 0xC3, 0x28),
        ["utf8-in-room"] = () => Utf8WithRaw("""{"action":"join","room":"r#"}""", 0xE2, 0x82),
        ["utf8-in-client-message-id"] = () => Utf8WithRaw("""{"action":"sendmessage","room":"general","text":"hi","clientMessageId":"c#"}""", 0xFF),
        ["utf8-overlong-slash"] = () => Utf8WithRaw("""{"action":"sendmessage","room":"general","text":"#"}""", 0xC0, 0xAF),
        ["utf8-encoded-surrogate"] = () => Utf8WithRaw("""{"action":"sendmessage","room":"general","text":"#"}""", 0xED, 0xA0, 0x80),
        ["utf8-in-unknown-property"] = () => Utf8WithRaw("""{"action":"sendmessage","room":"general","text":"hi","x":"#"}""", 0xFF),
        ["utf8-in-property-name"] = () => Utf8WithRaw("""{"action":"sendmessage","room":"general","text":"hi","#":1}""", 0xFF),

        // Lone UTF-16 surrogates written as escapes: not text, so not storable.
        ["escaped-lone-high-surrogate-in-text"] = () => Utf8("""{"action":"sendmessage","room":"general","text":"a\ud800b"}"""),
        ["escaped-lone-low-surrogate-in-text"] = () => Utf8("""{"action":"sendmessage","room":"general","text":"\udc00"}"""),
        ["escaped-lone-surrogate-in-client-message-id"] = () => Utf8("""{"action":"sendmessage","room":"general","text":"hi","clientMessageId":"\ud800"}"""),

        // Deep nesting: System.Text.Json stops at depth 64, long before the stack could.
        ["nested-arrays-10000"] = () => Utf8(new string('[', 10_000) + new string(']', 10_000)),
        ["nested-arrays-unclosed-10000"] = () => Utf8(new string('[', 10_000)),
        ["nested-objects-10000"] = () => Utf8(Repeat("""{"a":""", 10_000) + "1" + new string('}', 10_000)),
        ["nested-arrays-in-text-10000"] = () => Utf8("""{"action":"sendmessage","room":"general","text":""" + new string('[', 10_000) + new string(']', 10_000) + "}"),
        ["nested-objects-in-unknown-property-10000"] = () => Utf8("""{"action":"ping","x":""" + Repeat("""{"a":""", 10_000) + "1" + new string('}', 10_001)),

        // Huge arrays where a scalar belongs.
        ["array-10000-in-text"] = () => Utf8("""{"action":"sendmessage","room":"general","text":[""" + string.Join(',', Enumerable.Repeat("\"x\"", 10_000)) + "]}"),
        ["array-10000-in-room"] = () => Utf8("""{"action":"join","room":[""" + string.Join(',', Enumerable.Range(0, 10_000)) + "]}"),
        ["array-10000-in-limit"] = () => Utf8("""{"action":"history","room":"general","limit":[""" + string.Join(',', Enumerable.Range(0, 10_000)) + "]}"),
        ["array-10000-in-action"] = () => Utf8("""{"action":[""" + string.Join(',', Enumerable.Repeat("\"ping\"", 10_000)) + "]}"),

        // Numbers where strings go, and the reverse.
        ["number-as-action"] = () => Utf8("""{"action":1}"""),
        ["number-as-room"] = () => Utf8("""{"action":"join","room":1}"""),
        ["number-as-text"] = () => Utf8("""{"action":"sendmessage","room":"general","text":42}"""),
        ["number-as-data"] = () => Utf8("""{"action":"sendmessage","room":"general","data":42}"""),
        ["number-as-client-message-id"] = () => Utf8("""{"action":"sendmessage","room":"general","text":"hi","clientMessageId":7}"""),
        ["bool-as-text"] = () => Utf8("""{"action":"sendmessage","room":"general","text":true}"""),
        ["object-as-room"] = () => Utf8("""{"action":"join","room":{"name":"general"}}"""),
        ["string-as-since"] = () => Utf8("""{"action":"join","room":"general","since":"0"}"""),
        ["string-as-limit"] = () => Utf8("""{"action":"history","room":"general","limit":"10"}"""),
        ["string-as-before"] = () => Utf8("""{"action":"history","room":"general","before":"2"}"""),
        ["float-as-limit"] = () => Utf8("""{"action":"history","room":"general","limit":1.5}"""),
        ["exponent-as-since"] = () => Utf8("""{"action":"join","room":"general","since":1e400}"""),
        ["int-overflow-as-limit"] = () => Utf8("""{"action":"history","room":"general","limit":2147483648}"""),
        ["long-overflow-as-before"] = () => Utf8("""{"action":"history","room":"general","before":9223372036854775808}"""),
        ["nan-as-since"] = () => Utf8("""{"action":"join","room":"general","since":NaN}"""),

        // Out of range and missing.
        ["null-room"] = () => Utf8("""{"action":"join","room":null}"""),
        ["null-text"] = () => Utf8("""{"action":"sendmessage","room":"general","text":null}"""),
        ["negative-since"] = () => Utf8("""{"action":"join","room":"general","since":-1}"""),
        ["zero-limit"] = () => Utf8("""{"action":"history","room":"general","limit":0}"""),
        ["limit-101"] = () => Utf8("""{"action":"history","room":"general","limit":101}"""),
        ["before-0"] = () => Utf8("""{"action":"history","room":"general","before":0}"""),
        ["empty-client-message-id"] = () => Utf8("""{"action":"sendmessage","room":"general","text":"hi","clientMessageId":""}"""),
        ["client-message-id-65"] = () => Frame(new { action = "sendmessage", room = "general", text = "hi", clientMessageId = new string('c', 65) }),

        // Text limits.
        ["text-max-plus-one"] = () => Frame(new { action = "sendmessage", room = "general", text = new string('x', MaxMessageLength + 1) }),
        ["text-max-minus-one-plus-surrogate-pair"] = () => Frame(new { action = "sendmessage", room = "general", text = new string('x', MaxMessageLength - 1) + "😀" }),
        ["text-1mb"] = () => Frame(new { action = "sendmessage", room = "general", text = new string('x', 1 << 20) }),
        ["text-empty"] = () => Frame(new { action = "sendmessage", room = "general", text = "" }),
        ["text-whitespace"] = () => Frame(new { action = "sendmessage", room = "general", text = " \n\t\u00A0\u3000" }),
        ["text-nul"] = () => Frame(new { action = "sendmessage", room = "general", text = "a\u0000b" }),
        ["text-escape"] = () => Frame(new { action = "sendmessage", room = "general", text = "\u001B[31mred" }),
        ["text-carriage-return"] = () => Frame(new { action = "sendmessage", room = "general", text = "line\rover" }),
        ["text-c1-control"] = () => Frame(new { action = "sendmessage", room = "general", text = "a\u0085b" }),

        // Room names.
        ["room-65"] = () => Frame(new { action = "join", room = new string('a', 65) }),
        ["room-hash"] = () => Frame(new { action = "join", room = "ROOM#x" }),
        ["room-dot-dot-slash"] = () => Frame(new { action = "join", room = "../x" }),
        ["room-empty"] = () => Frame(new { action = "join", room = "" }),
        ["room-space"] = () => Frame(new { action = "join", room = "lob by" }),
        ["room-leading-space"] = () => Frame(new { action = "join", room = " general" }),
        ["room-unicode-letters"] = () => Frame(new { action = "join", room = "café" }),
        ["room-cyrillic-lookalike"] = () => Frame(new { action = "join", room = "gеneral" }),
        ["room-fullwidth-digits"] = () => Frame(new { action = "join", room = "room１" }),
        ["room-nul"] = () => Frame(new { action = "join", room = "general\u0000" }),
        ["room-backslash"] = () => Frame(new { action = "join", room = "a\\b" }),
        ["room-percent-encoded"] = () => Frame(new { action = "join", room = "a%2Fb" }),
        ["room-65-on-send"] = () => Frame(new { action = "sendmessage", room = new string('a', 65), text = "hi" }),
        ["room-hash-on-history"] = () => Frame(new { action = "history", room = "ROOM#x" }),
        ["room-dot-dot-slash-on-leave"] = () => Frame(new { action = "leave", room = "../general" }),
        ["room-space-on-typing"] = () => Frame(new { action = "typing", room = "gen eral" }),
        ["room-empty-on-members"] = () => Frame(new { action = "members", room = "" }),
    };

    public static TheoryData<string, string> HostileFrames => new()
    {
        { "utf8-bare-bytes", ChatErrorCodes.BadRequest },
        { "utf8-in-action", ChatErrorCodes.BadRequest },
        { "utf8-in-text", ChatErrorCodes.BadRequest },
        { "utf8-in-room", ChatErrorCodes.BadRequest },
        { "utf8-in-client-message-id", ChatErrorCodes.BadRequest },
        { "utf8-overlong-slash", ChatErrorCodes.BadRequest },
        { "utf8-encoded-surrogate", ChatErrorCodes.BadRequest },
        { "utf8-in-unknown-property", ChatErrorCodes.BadRequest },
        { "utf8-in-property-name", ChatErrorCodes.BadRequest },
        { "escaped-lone-high-surrogate-in-text", ChatErrorCodes.BadRequest },
        { "escaped-lone-low-surrogate-in-text", ChatErrorCodes.BadRequest },
        { "escaped-lone-surrogate-in-client-message-id", ChatErrorCodes.BadRequest },
        { "nested-arrays-10000", ChatErrorCodes.BadRequest },
        { "nested-arrays-unclosed-10000", ChatErrorCodes.BadRequest },
        { "nested-objects-10000", ChatErrorCodes.BadRequest },
        { "nested-arrays-in-text-10000", ChatErrorCodes.BadRequest },
        { "nested-objects-in-unknown-property-10000", ChatErrorCodes.BadRequest },
        { "array-10000-in-text", ChatErrorCodes.BadRequest },
        { "array-10000-in-room", ChatErrorCodes.BadRequest },
        { "array-10000-in-limit", ChatErrorCodes.BadRequest },
        { "array-10000-in-action", ChatErrorCodes.BadRequest },
        { "number-as-action", ChatErrorCodes.BadRequest },
        { "number-as-room", ChatErrorCodes.BadRequest },
        { "number-as-text", ChatErrorCodes.BadRequest },
        { "number-as-data", ChatErrorCodes.BadRequest },
        { "number-as-client-message-id", ChatErrorCodes.BadRequest },
        { "bool-as-text", ChatErrorCodes.BadRequest },
        { "object-as-room", ChatErrorCodes.BadRequest },
        { "string-as-since", ChatErrorCodes.BadRequest },
        { "string-as-limit", ChatErrorCodes.BadRequest },
        { "string-as-before", ChatErrorCodes.BadRequest },
        { "float-as-limit", ChatErrorCodes.BadRequest },
        { "exponent-as-since", ChatErrorCodes.BadRequest },
        { "int-overflow-as-limit", ChatErrorCodes.BadRequest },
        { "long-overflow-as-before", ChatErrorCodes.BadRequest },
        { "nan-as-since", ChatErrorCodes.BadRequest },
        { "null-room", ChatErrorCodes.BadRequest },
        { "null-text", ChatErrorCodes.BadRequest },
        { "negative-since", ChatErrorCodes.BadRequest },
        { "zero-limit", ChatErrorCodes.BadRequest },
        { "limit-101", ChatErrorCodes.BadRequest },
        { "before-0", ChatErrorCodes.BadRequest },
        { "empty-client-message-id", ChatErrorCodes.BadRequest },
        { "client-message-id-65", ChatErrorCodes.BadRequest },
        { "text-max-plus-one", ChatErrorCodes.InvalidText },
        { "text-max-minus-one-plus-surrogate-pair", ChatErrorCodes.InvalidText },
        { "text-1mb", ChatErrorCodes.InvalidText },
        { "text-empty", ChatErrorCodes.InvalidText },
        { "text-whitespace", ChatErrorCodes.InvalidText },
        { "text-nul", ChatErrorCodes.InvalidText },
        { "text-escape", ChatErrorCodes.InvalidText },
        { "text-carriage-return", ChatErrorCodes.InvalidText },
        { "text-c1-control", ChatErrorCodes.InvalidText },
        { "room-65", ChatErrorCodes.InvalidRoom },
        { "room-hash", ChatErrorCodes.InvalidRoom },
        { "room-dot-dot-slash", ChatErrorCodes.InvalidRoom },
        { "room-empty", ChatErrorCodes.InvalidRoom },
        { "room-space", ChatErrorCodes.InvalidRoom },
        { "room-leading-space", ChatErrorCodes.InvalidRoom },
        { "room-unicode-letters", ChatErrorCodes.InvalidRoom },
        { "room-cyrillic-lookalike", ChatErrorCodes.InvalidRoom },
        { "room-fullwidth-digits", ChatErrorCodes.InvalidRoom },
        { "room-nul", ChatErrorCodes.InvalidRoom },
        { "room-backslash", ChatErrorCodes.InvalidRoom },
        { "room-percent-encoded", ChatErrorCodes.InvalidRoom },
        { "room-65-on-send", ChatErrorCodes.InvalidRoom },
        { "room-hash-on-history", ChatErrorCodes.InvalidRoom },
        { "room-dot-dot-slash-on-leave", ChatErrorCodes.InvalidRoom },
        { "room-space-on-typing", ChatErrorCodes.InvalidRoom },
        { "room-empty-on-members", ChatErrorCodes.InvalidRoom },
    };

    [Fact]
    public void HostileFrames_EveryCorpusEntry_HasAnExpectedCode()
    {
        Assert.Equal(Corpus.Keys.Order(StringComparer.Ordinal), HostileFrames.Select(row => (string)row[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(HostileFrames))]
    public async Task FrameReceived_HostileFrame_AnswersDocumentedErrorAndChangesNothing(string name, string code)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        var connections = host.GetRequiredService<IConnectionStore>();
        var roomsBefore = await connections.GetRoomsAsync(alice.ConnectionId);
        var membersBefore = await MemberIdsAsync(connections, "general");

        await host.Engine.FrameReceivedAsync(alice.ConnectionId, Corpus[name]());

        var error = await alice.ExpectAsync("error");
        Assert.Equal(code, Frames.String(error, "code"));
        Assert.False(string.IsNullOrWhiteSpace(Frames.String(error, "message")));
        await alice.AssertNoFramesAsync();
        await bob.AssertNoFramesAsync();
        Assert.Equal(roomsBefore, await connections.GetRoomsAsync(alice.ConnectionId));
        Assert.Equal(membersBefore, await MemberIdsAsync(connections, "general"));
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);

        await alice.AssertUsableAsync();
        Frames.AssertMessage(await alice.SayAsync("general", "still here"), "general", alice.ConnectionId, "alice", "still here");
        Frames.AssertMessage(await bob.ExpectAsync("message"), "general", alice.ConnectionId, "alice", "still here");
    }

    [Fact]
    public async Task FrameReceived_ManyHostileFramesInARow_ConnectionStaysUsable()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");

        foreach (var build in Corpus.Values)
        {
            await host.Engine.FrameReceivedAsync(alice.ConnectionId, build());
        }

        var replies = await alice.DrainAsync();
        Assert.Equal(Corpus.Count, replies.Count);
        Assert.All(replies, reply => Assert.Equal("error", Frames.String(reply, "type")));
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task FrameReceived_InvalidUtf8InClientMessageId_ErrorNamesTheActionOnly()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await host.Engine.FrameReceivedAsync(alice.ConnectionId, Corpus["utf8-in-client-message-id"]());

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.BadRequest, "sendmessage");
    }

    [Fact]
    public async Task FrameReceived_LoneSurrogateInAPropertyName_IsAnUnknownPropertyAndIgnored()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync("""{"\ud800":1,"action":"ping"}""");

        await alice.ExpectAsync("pong");
        await alice.AssertNoFramesAsync();
    }

    [Fact]
    public async Task FrameReceived_HugeArrayInUnknownProperty_IsIgnored()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync("""{"action":"ping","junk":[""" + string.Join(',', Enumerable.Range(0, 10_000)) + "]}");

        await alice.ExpectAsync("pong");
        await alice.AssertNoFramesAsync();
    }

    [Fact]
    public async Task SendMessage_TextAtMaxLength_IsStored()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var text = new string('x', MaxMessageLength - 2) + "😀";

        Frames.AssertMessage(await alice.SayAsync("general", text), "general", alice.ConnectionId, "alice", text);

        Assert.Equal(text, Assert.Single((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages).Text);
    }

    [Fact]
    public async Task SendMessage_ClientMessageIdOf64Characters_IsEchoed()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var clientMessageId = new string('c', 64);

        Frames.AssertMessage(await alice.SayAsync("general", "hi", clientMessageId), "general", alice.ConnectionId, "alice", "hi", clientMessageId);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("ROOM")]
    [InlineData("a.b-c_d")]
    [InlineData("..")]
    [InlineData("0")]
    public async Task Join_ValidEdgeRoomName_IsJoinedVerbatim(string room)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        var joined = await alice.JoinAsync(room);

        Assert.Equal(room, Frames.String(joined, "room"));
        Assert.Contains(room, await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(alice.ConnectionId));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("\"}],\"type\":\"pong")]
    [InlineData("'; DROP TABLE messages; --")]
    [InlineData("\u202Egnp.exe")]
    [InlineData("abc\u2066def\u2069 \u200E\u200F\u061C")]
    [InlineData("zero\u200Bwidth\uFEFF")]
    [InlineData("שלום world مرحبا")]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467 family")]
    public async Task SendMessage_MarkupOrBidiText_IsStoredAndReturnedVerbatim(string text)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        Frames.AssertMessage(await alice.SayAsync("general", text), "general", alice.ConnectionId, "alice", text);

        Frames.AssertMessage(await bob.ExpectAsync("message"), "general", alice.ConnectionId, "alice", text);
        Assert.Equal(text, Assert.Single((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages).Text);
        Assert.Equal(text, Frames.String(Assert.Single(Frames.Array(await bob.JoinAsync("general"), "messages")), "text"));
    }

    private static async Task<string[]> MemberIdsAsync(IConnectionStore connections, string room)
    {
        var page = await connections.GetMembersAsync(room, null, 1000);
        return [.. page.Members.Select(m => m.ConnectionId).Order(StringComparer.Ordinal)];
    }

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    private static byte[] Frame(object frame) => JsonSerializer.SerializeToUtf8Bytes(frame);

    /// <summary>Encodes <paramref name="template"/> as UTF-8 with its single '#' replaced by raw (possibly invalid) bytes.</summary>
    private static byte[] Utf8WithRaw(string template, params byte[] raw)
    {
        var at = template.IndexOf('#', StringComparison.Ordinal);
        return [.. Utf8(template[..at]), .. raw, .. Utf8(template[(at + 1)..])];
    }

    private static string Repeat(string value, int count) => new StringBuilder(value.Length * count).Insert(0, value, count).ToString();
}
