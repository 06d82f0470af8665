using System.Text;
using System.Text.Json;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests.Conversations;

/// <summary>
/// One client fills <c>general</c> with long messages, as fast as the rate limit lets it; a newcomer then joins and
/// pages back through all of it. Played against the ASP.NET Core sample and the local API Gateway alike.
/// </summary>
public static class LongHistory
{
    /// <summary>API Gateway's largest frame, which both hosts' replies are cut to.</summary>
    public const int FrameLimit = 128 * 1024;

    /// <summary>45 messages of 4,000 "é": one anonymous client's flood, about 360 KB of history as UTF-8.</summary>
    public static IReadOnlyList<string> AccentedFlood { get; } = [.. Enumerable.Range(1, 45).Select(i => $"{i:D2}" + new string('é', 3_998))];

    /// <summary>50 ordinary messages of 800 Chinese characters, about 2.4 KB each as UTF-8.</summary>
    public static IReadOnlyList<string> ChineseConversation { get; } =
        [.. Enumerable.Range(1, 50).Select(i => $"{i:D2}" + string.Concat(Enumerable.Repeat("今天的会议改到下午三点", 72)).PadRight(798, '好'))];

    /// <summary>Sends every text into <c>general</c>, then has a newcomer join and read everything back.</summary>
    /// <returns>The texts the newcomer read, oldest first, each once.</returns>
    public static async Task<List<string>> PlayAsync(IChatHost host, IReadOnlyList<string> texts)
    {
        await using (var writer = await ChatSocket.ConnectAsync(host, "writer"))
        {
            for (var i = 0; i < texts.Count; i++)
            {
                await SendUnderTheRateLimitAsync(writer, texts[i], $"flood-{i}");
            }
        }

        await using var newcomer = await ChatSocket.ConnectAsync(host, "newcomer");
        await newcomer.SendAsync(new { action = "join", room = "general" });
        var joined = await newcomer.ReceiveAsync("joined");
        var pages = new List<JsonElement[]> { Fitting(joined).Array("messages") };
        var hasMore = joined.GetProperty("hasMore").GetBoolean();
        while (hasMore)
        {
            Assert.InRange(pages.Count, 1, 50);
            Assert.NotEmpty(pages[^1]);
            await newcomer.SendAsync(new { action = "history", room = "general", before = pages[^1][0].Seq(), limit = 100 });
            var history = Fitting(await newcomer.ReceiveAsync("history"));
            pages.Add(history.Array("messages"));
            hasMore = history.GetProperty("hasMore").GetBoolean();
        }

        var read = Enumerable.Reverse(pages).SelectMany(page => page).ToList();
        Assert.Equal(read.Select(m => m.Seq()).Order(), read.Select(m => m.Seq()));
        Assert.Equal(read.Count, read.Select(m => m.Seq()).Distinct().Count());
        return [.. read.Select(m => m.Text())];
    }

    private static JsonElement Fitting(JsonElement reply)
    {
        Assert.InRange(Encoding.UTF8.GetByteCount(reply.GetRawText()), 1, FrameLimit);
        return reply;
    }

    /// <summary>Sends one message and waits for its acknowledgement, pausing so the client stays under 10 frames a second.</summary>
    private static async Task SendUnderTheRateLimitAsync(ChatSocket writer, string text, string clientMessageId)
    {
        await writer.SendAsync(new { action = "sendmessage", room = "general", text, clientMessageId });
        var answer = await writer.ReceiveAsync("message", m => m.StringOf("clientMessageId") == clientMessageId);
        Assert.Equal(text, answer.Text());
        await Task.Delay(TimeSpan.FromMilliseconds(110));
    }
}
