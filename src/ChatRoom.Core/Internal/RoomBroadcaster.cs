using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary>Sends one pre-serialised frame to every member of a room, page by page, with bounded concurrency.</summary>
internal sealed class RoomBroadcaster(
    IConnectionStore connections,
    IConnectionMessenger messenger,
    IOptions<ChatRoomOptions> options,
    ChatRoomMetrics metrics,
    TimeProvider timeProvider,
    ILoggerFactory? loggerFactory = null)
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RoomBroadcaster>();

    /// <summary>Sends <paramref name="frame"/> to the room's members except <paramref name="exceptConnectionId"/>.</summary>
    /// <remarks>Never throws for delivery problems or a store failure while listing members: both are logged and reported.</remarks>
    public async Task<BroadcastResult> BroadcastAsync(string room, ReadOnlyMemory<byte> frame, string? exceptConnectionId, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var tally = new Tally();
        var inFlight = new List<Task<(string ConnectionId, DeliveryResult Result)>>();
        var reachedEveryMember = true;
        try
        {
            string? continuationToken = null;
            do
            {
                var page = await connections.GetMembersAsync(room, continuationToken, options.Value.BroadcastPageSize, cancellationToken).ConfigureAwait(false);
                foreach (var member in page.Members)
                {
                    if (member.ConnectionId == exceptConnectionId)
                    {
                        continue;
                    }

                    ValueTask<DeliveryResult> send;
                    try
                    {
                        send = messenger.SendAsync(member.ConnectionId, frame, cancellationToken);
                    }
#pragma warning disable CA1031 // A messenger that throws, even before returning its task, counts as a failed delivery.
                    catch (Exception)
#pragma warning restore CA1031
                    {
                        tally.Add(member.ConnectionId, DeliveryResult.Failed);
                        continue;
                    }

                    if (send.IsCompletedSuccessfully)
                    {
                        // In-process sends complete synchronously: no task, no allocation.
                        tally.Add(member.ConnectionId, send.Result);
                        continue;
                    }

                    inFlight.Add(AwaitSendAsync(member.ConnectionId, send));
                    if (inFlight.Count >= options.Value.BroadcastConcurrency)
                    {
                        var done = await Task.WhenAny(inFlight).ConfigureAwait(false);
                        inFlight.Remove(done);
                        tally.Add(await done.ConfigureAwait(false));
                    }
                }

                continuationToken = page.ContinuationToken;
            }
            while (continuationToken is not null);
        }
        catch (ChatStoreUnavailableException ex)
        {
            Log.StoreFailed(_logger, ex, exceptConnectionId ?? "-", "broadcast");
            reachedEveryMember = false;
        }

        foreach (var sent in await Task.WhenAll(inFlight).ConfigureAwait(false))
        {
            tally.Add(sent);
        }

        metrics.Delivered(tally.Delivered);
        if (tally.Failed > 0)
        {
            metrics.Failed(tally.Failed);
            Log.DeliveryFailed(_logger, room, tally.Failed);
        }

        metrics.BroadcastCompleted(timeProvider.GetElapsedTime(started));
        return tally.Gone is null && reachedEveryMember ? BroadcastResult.Nobody : new BroadcastResult(tally.Gone ?? [], reachedEveryMember);
    }

    private static async Task<(string ConnectionId, DeliveryResult Result)> AwaitSendAsync(string connectionId, ValueTask<DeliveryResult> send)
    {
        try
        {
            return (connectionId, await send.ConfigureAwait(false));
        }
#pragma warning disable CA1031 // A messenger that throws counts as a failed delivery; a broadcast never throws at the sender.
        catch (Exception)
#pragma warning restore CA1031
        {
            return (connectionId, DeliveryResult.Failed);
        }
    }

    /// <summary>Counts delivery results.</summary>
    private sealed class Tally
    {
        public int Delivered { get; private set; }

        public int Failed { get; private set; }

        public List<string>? Gone { get; private set; }

        public void Add((string ConnectionId, DeliveryResult Result) sent) => Add(sent.ConnectionId, sent.Result);

        public void Add(string connectionId, DeliveryResult result)
        {
            switch (result)
            {
                case DeliveryResult.Delivered:
                    Delivered++;
                    break;
                case DeliveryResult.Gone:
                    (Gone ??= []).Add(connectionId);
                    break;
                default:
                    Failed++;
                    break;
            }
        }
    }
}
