using System.Text.Json;
using ChatRoom.Samples.Tests.Clients;

namespace ChatRoom.Samples.Tests.Load;

/// <summary>Reads a room's whole history through the protocol, paging backwards, for any protocol client.</summary>
public static class HistoryPages
{
    /// <summary>How many messages each <c>history</c> request asks for.</summary>
    public const int PageSize = 100;

    /// <summary>Pages backwards with <c>history</c> until <c>hasMore</c> is false; returns the messages oldest first.</summary>
    /// <param name="room">The room.</param>
    /// <param name="send">Sends a frame.</param>
    /// <param name="receiveHistory">Receives the next <c>history</c> reply.</param>
    /// <param name="cancellationToken">Stops paging.</param>
    public static async Task<List<JsonElement>> ReadAllAsync(string room, Func<object, Task> send, Func<Task<JsonElement>> receiveHistory, CancellationToken cancellationToken)
    {
        var pages = new List<JsonElement[]>();
        long? before = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await send(before is { } seq
                ? new { action = "history", room, before = seq, limit = PageSize }
                : new { action = "history", room, limit = PageSize });
            var history = await receiveHistory();
            var page = history.Array("messages");
            Assert.NotEmpty(page);
            pages.Add(page);
            if (!history.GetProperty("hasMore").GetBoolean())
            {
                break;
            }

            before = page[0].Seq();
        }

        pages.Reverse();
        return [.. pages.SelectMany(page => page)];
    }
}
