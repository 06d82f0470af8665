using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary>Sends pre-serialised frames to every member of a room, page by page, with bounded concurrency.</summary>
/// <remarks>
/// Frames given together reach each member in the order given, in one pass over the members: a member's writer is
/// woken once for all of them, and a room's roster is read once.
/// </remarks>
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
    public Task<BroadcastResult> BroadcastAsync(string room, ReadOnlyMemory<byte> frame, string? exceptConnectionId, CancellationToken cancellationToken) =>
        BroadcastAsync(room, [new OutgoingFrame(frame, exceptConnectionId)], cancellationToken);

    /// <summary>Sends <paramref name="frames"/>, in order, to the room's members (each frame except its excluded connection).</summary>
    /// <remarks>Never throws for delivery problems or a store failure while listing members: both are logged and reported.</remarks>
    public async Task<BroadcastResult> BroadcastAsync(string room, OutgoingFrame[] frames, CancellationToken cancellationToken)
    {
        using var activity = ChatRoomActivitySource.StartBroadcast(room, frames.Length);
        var started = timeProvider.GetTimestamp();
        var tally = new Tally();
        var inFlight = new List<Task<MemberDeliveries>>();
        var reachedEveryMember = true;
        try
        {
            string? continuationToken = null;
            do
            {
                var page = await connections.GetMembersAsync(room, continuationToken, options.Value.BroadcastPageSize, cancellationToken).ConfigureAwait(false);
                var members = page.Members;
                ChatRoomActivitySource.AddMembers(activity, members.Count);
                var next = 0;
                while ((next = SendPage(members, next, frames, tally, inFlight, cancellationToken)) < members.Count)
                {
                    // As many sends in flight as allowed: wait for one before going on with the page.
                    var done = await Task.WhenAny(inFlight).ConfigureAwait(false);
                    inFlight.Remove(done);
                    tally.Add(await done.ConfigureAwait(false));
                }

                continuationToken = page.ContinuationToken;
            }
            while (continuationToken is not null);
        }
        catch (ChatStoreUnavailableException ex)
        {
            Log.StoreFailed(_logger, ex, frames[0].ExceptConnectionId ?? "-", "broadcast");
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
        ChatRoomActivitySource.BroadcastCompleted(activity, tally.Delivered, tally.Failed, tally.Gone?.Count ?? 0, reachedEveryMember);
        return tally.Gone is null && reachedEveryMember ? BroadcastResult.Nobody : new BroadcastResult(tally.Gone ?? [], reachedEveryMember);
    }

    /// <summary>Sends members from <paramref name="first"/> on until the page ends or the sends in flight reach the limit.</summary>
    /// <returns>The index of the next member to send to.</returns>
    /// <remarks>Not async, so that the loop over a thousand members runs as plain optimised code.</remarks>
    private int SendPage(IReadOnlyList<ChatMember> members, int first, OutgoingFrame[] frames, Tally tally, List<Task<MemberDeliveries>> inFlight, CancellationToken cancellationToken)
    {
        var i = first;
        var limit = options.Value.BroadcastConcurrency;
        while (i < members.Count && inFlight.Count < limit)
        {
            if (SendSynchronously(members[i++].ConnectionId, frames, tally, cancellationToken) is { } pending)
            {
                inFlight.Add(pending);
            }
        }

        return i;
    }

    /// <summary>Sends a member its frames while sends complete synchronously; returns a task for the rest, or null.</summary>
    /// <remarks>
    /// In-process sends complete synchronously: no task, no allocation. The first send that does not hands the member's
    /// remaining frames to a task that sends them one after another, so that they keep their order.
    /// </remarks>
    private Task<MemberDeliveries>? SendSynchronously(string connectionId, OutgoingFrame[] frames, Tally tally, CancellationToken cancellationToken)
    {
        // Counted in locals: this runs once per member per pass, so it stays free of allocations and copies.
        var delivered = 0;
        var failed = 0;
        for (var i = 0; i < frames.Length; i++)
        {
            if (frames[i].ExceptConnectionId == connectionId)
            {
                continue;
            }

            ValueTask<DeliveryResult> send;
            try
            {
                send = messenger.SendAsync(connectionId, frames[i].Utf8, cancellationToken);
            }
#pragma warning disable CA1031 // A messenger that throws, even before returning its task, counts as a failed delivery.
            catch (Exception)
#pragma warning restore CA1031
            {
                failed++;
                continue;
            }

            if (!send.IsCompleted)
            {
                return SendRestAsync(new MemberDeliveries(connectionId, delivered, failed, false), frames, i, send, cancellationToken);
            }

            switch (send.IsCompletedSuccessfully ? send.Result : Failed(send))
            {
                case DeliveryResult.Delivered:
                    delivered++;
                    break;
                case DeliveryResult.Gone:
                    tally.Add(new MemberDeliveries(connectionId, delivered, failed, true));
                    return null;
                default:
                    failed++;
                    break;
            }
        }

        tally.Add(delivered, failed);
        return null;
    }

    private async Task<MemberDeliveries> SendRestAsync(MemberDeliveries sent, OutgoingFrame[] frames, int index, ValueTask<DeliveryResult> pending, CancellationToken cancellationToken)
    {
        sent = Count(sent, await ResultAsync(pending).ConfigureAwait(false));
        for (var i = index + 1; i < frames.Length && !sent.Gone; i++)
        {
            if (frames[i].ExceptConnectionId != sent.ConnectionId)
            {
                sent = Count(sent, await ResultAsync(StartSend(sent.ConnectionId, frames[i].Utf8, cancellationToken)).ConfigureAwait(false));
            }
        }

        return sent;
    }

    private ValueTask<DeliveryResult> StartSend(string connectionId, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        try
        {
            return messenger.SendAsync(connectionId, frame, cancellationToken);
        }
#pragma warning disable CA1031 // A messenger that throws, even before returning its task, counts as a failed delivery.
        catch (Exception)
#pragma warning restore CA1031
        {
            return ValueTask.FromResult(DeliveryResult.Failed);
        }
    }

    private static async ValueTask<DeliveryResult> ResultAsync(ValueTask<DeliveryResult> send)
    {
        try
        {
            return await send.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A messenger that throws counts as a failed delivery; a broadcast never throws at the sender.
        catch (Exception)
#pragma warning restore CA1031
        {
            return DeliveryResult.Failed;
        }
    }

    /// <summary>Observes a send that completed with an exception (or was cancelled): a failed delivery.</summary>
    private static DeliveryResult Failed(ValueTask<DeliveryResult> completed)
    {
        _ = completed.AsTask().Exception;
        return DeliveryResult.Failed;
    }

    private static MemberDeliveries Count(MemberDeliveries sent, DeliveryResult result) => result switch
    {
        DeliveryResult.Delivered => sent with { Delivered = sent.Delivered + 1 },
        DeliveryResult.Gone => sent with { Gone = true },
        _ => sent with { Failed = sent.Failed + 1 },
    };

    /// <summary>Counts delivery results.</summary>
    private sealed class Tally
    {
        public int Delivered { get; private set; }

        public int Failed { get; private set; }

        public List<string>? Gone { get; private set; }

        public void Add(int delivered, int failed)
        {
            Delivered += delivered;
            Failed += failed;
        }

        public void Add(MemberDeliveries sent)
        {
            Add(sent.Delivered, sent.Failed);
            if (sent.Gone)
            {
                (Gone ??= []).Add(sent.ConnectionId);
            }
        }
    }
}
