using System.Text.Json;
using ChatRoom.InMemory;

namespace ChatRoom.Core.Tests;

/// <summary>Short, strict ways for tests to talk to an <see cref="InMemoryChatClient"/>.</summary>
internal static class ChatClientExtensions
{
    /// <summary>Sends an object serialised as a JSON frame (property names as written, e.g. <c>new { action = "ping" }</c>).</summary>
    public static Task SendFrameAsync(this InMemoryChatClient client, object frame) =>
        client.SendAsync(JsonSerializer.Serialize(frame));

    /// <summary>Returns the next frame, failing (not hanging) if none arrives.</summary>
    public static async Task<JsonElement> NextAsync(this InMemoryChatClient client)
    {
        using var timeout = new CancellationTokenSource(ChatTestHost.HangTimeout);
        return await client.ReceiveAsync(timeout.Token);
    }

    /// <summary>Returns the next frame and asserts its type: nothing else may arrive first.</summary>
    public static async Task<JsonElement> ExpectAsync(this InMemoryChatClient client, string type)
    {
        var frame = await client.NextAsync();
        var actual = frame.TryGetProperty("type", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (actual != type)
        {
            Assert.Fail($"Expected a '{type}' frame but got {frame.GetRawText()}");
        }

        return frame;
    }

    /// <summary>Returns the next frame, asserting it is an error with <paramref name="code"/>.</summary>
    public static async Task<JsonElement> ExpectErrorAsync(this InMemoryChatClient client, string code)
    {
        var error = await client.ExpectAsync("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        return error;
    }

    /// <summary>Reads every frame already queued. In-process delivery is synchronous, so once an engine call has
    /// returned, everything it sent is queued.</summary>
    public static async Task<List<JsonElement>> DrainAsync(this InMemoryChatClient client)
    {
        var frames = new List<JsonElement>();
        while (client.PendingFrames > 0)
        {
            frames.Add(await client.NextAsync());
        }

        return frames;
    }

    /// <summary>Asserts that nothing is queued for the client.</summary>
    public static async Task AssertNoFramesAsync(this InMemoryChatClient client)
    {
        var frames = await client.DrainAsync();
        if (frames.Count > 0)
        {
            Assert.Fail($"Expected no frames but got: {string.Join(", ", frames.Select(f => f.GetRawText()))}");
        }
    }

    /// <summary>Asserts the connection still works: a ping is answered with the very next frame.</summary>
    public static async Task AssertUsableAsync(this InMemoryChatClient client)
    {
        await client.SendAsync("""{"action":"ping"}""");
        await client.ExpectAsync("pong");
    }

    /// <summary>Joins a room and returns the <c>joined</c> reply.</summary>
    public static async Task<JsonElement> JoinAsync(this InMemoryChatClient client, string room, long? since = null)
    {
        await client.SendFrameAsync(since is { } seq ? new { action = "join", room, since = seq } : new { action = "join", room });
        return await client.ExpectAsync("joined");
    }

    /// <summary>Sends a message and returns its acknowledgement (the sender's copy of the <c>message</c> event).</summary>
    public static async Task<JsonElement> SayAsync(this InMemoryChatClient client, string room, string text, string? clientMessageId = null)
    {
        await client.SendFrameAsync(clientMessageId is null
            ? new { action = "sendmessage", room, text }
            : new { action = "sendmessage", room, text, clientMessageId });
        return await client.ExpectAsync("message");
    }

    /// <summary>Sends <paramref name="count"/> messages ("m1", "m2", …) and consumes their acknowledgements.</summary>
    public static async Task SeedAsync(this InMemoryChatClient client, string room, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await client.SayAsync(room, $"m{i}");
        }
    }
}
