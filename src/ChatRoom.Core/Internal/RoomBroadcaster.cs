using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary>Sends pre-serialised frames to every member of a room, page by page, awaiting only the sends that did not complete at once.</summary>
/// <remarks>
/// As SignalR's <c>DefaultHubLifetimeManager</c> fans out to a group: the same bytes go to every member, and a send
/// that completes synchronously (every in-process send) costs no task. A member found gone is handed to
/// <see cref="GoneConnections"/>, which <see cref="Departures"/> empties; nothing flows back to the caller but whether
/// the members could be listed. Frames given together reach each member in the order given, in one pass: a member's
/// writer is woken once for all of them, and the roster is read once. With a backplane (several nodes) the roster is
/// not read at all: the frames are published once and each node delivers them to its own members
/// (<see cref="BackplaneReceiver"/>).
/// </remarks>
internal sealed class RoomBroadcaster(
    IConnectionStore connections,
    IConnectionMessenger messenger,
    GoneConnections gone,
    IOptions<ChatRoomOptions> options,
    ChatRoomMetrics metrics,
    TimeProvider timeProvider,
    ILogger<RoomBroadcaster> logger,
    IChatBackplane? backplane = null)
{
    private readonly ILogger _logger = logger;

    /// <summary>Sends <paramref name="frame"/> to the room's members except <paramref name="exceptConnectionId"/>.</summary>
    /// <returns><see langword="false"/> when the members could not (all) be listed; delivery problems are logged and counted.</returns>
    public Task<bool> BroadcastAsync(string room, ReadOnlyMemory<byte> frame, string? exceptConnectionId, CancellationToken cancellationToken) =>
        BroadcastAsync(room, [new OutgoingFrame(frame, exceptConnectionId)], cancellationToken);

    /// <summary>Sends <paramref name="frames"/>, in order, to the room's members (each frame except its excluded connection).</summary>
    /// <returns><see langword="false"/> when the members could not (all) be listed; delivery problems are logged and counted.</returns>
    public async Task<bool> BroadcastAsync(string room, OutgoingFrame[] frames, CancellationToken cancellationToken)
    {
        if (backplane is not null)
        {
            return await PublishAsync(backplane, room, frames, cancellationToken).ConfigureAwait(false);
        }

        using var activity = ChatRoomActivitySource.StartBroadcast(room, frames.Length);
        var started = timeProvider.GetTimestamp();
        var count = default(DeliveryCount);
        List<Task<DeliveryCount>>? inFlight = null;
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
                while ((next = SendPage(members, next, frames, ref count, ref inFlight, cancellationToken)) < members.Count)
                {
                    // As many sends in flight as allowed: wait for one before going on with the page.
                    var done = await Task.WhenAny(inFlight!).ConfigureAwait(false);
                    inFlight!.Remove(done);
                    count += await done.ConfigureAwait(false);
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

        if (inFlight is not null)
        {
            foreach (var sent in await Task.WhenAll(inFlight).ConfigureAwait(false))
            {
                count += sent;
            }
        }

        metrics.Delivered(count.Delivered);
        if (count.Failed > 0)
        {
            metrics.Failed(count.Failed);
            Log.DeliveryFailed(_logger, room, count.Failed);
        }

        metrics.BroadcastCompleted(timeProvider.GetElapsedTime(started));
        ChatRoomActivitySource.BroadcastCompleted(activity, count.Delivered, count.Failed, count.Gone, reachedEveryMember);
        return reachedEveryMember;
    }

    /// <summary>With a backplane: publishes the frames once; every node (this one too) delivers them to its own members.</summary>
    private async Task<bool> PublishAsync(IChatBackplane backplane, string room, OutgoingFrame[] frames, CancellationToken cancellationToken)
    {
        using var activity = ChatRoomActivitySource.StartBroadcast(room, frames.Length);
        var started = timeProvider.GetTimestamp();
        var published = new RoomFrame[frames.Length];
        for (var i = 0; i < frames.Length; i++)
        {
            published[i] = new RoomFrame { Utf8Frame = frames[i].Utf8, ExceptConnectionId = frames[i].ExceptConnectionId };
        }

        var reached = true;
        try
        {
            await backplane.PublishAsync(room, published, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatStoreUnavailableException ex)
        {
            Log.StoreFailed(_logger, ex, frames[0].ExceptConnectionId ?? "-", "broadcast");
            reached = false;
        }

        metrics.BroadcastCompleted(timeProvider.GetElapsedTime(started));
        ChatRoomActivitySource.BroadcastCompleted(activity, 0, 0, 0, reached);
        return reached;
    }

    /// <summary>Sends members from <paramref name="first"/> on until the page ends or the sends in flight reach the limit.</summary>
    /// <returns>The index of the next member to send to.</returns>
    /// <remarks>Not async, so that the loop over a thousand members runs as plain optimised code.</remarks>
    private int SendPage(IReadOnlyList<ChatMember> members, int first, OutgoingFrame[] frames, ref DeliveryCount count, ref List<Task<DeliveryCount>>? inFlight, CancellationToken cancellationToken)
    {
        var i = first;
        var limit = options.Value.BroadcastConcurrency;
        while (i < members.Count && (inFlight is null || inFlight.Count < limit))
        {
            if (SendSynchronously(members[i++].ConnectionId, frames, ref count, cancellationToken) is { } pending)
            {
                (inFlight ??= []).Add(pending);
            }
        }

        return i;
    }

    /// <summary>Sends a member its frames while sends complete synchronously; returns a task for the rest, or null.</summary>
    /// <remarks>
    /// The first send that does not complete at once hands the member's remaining frames to a task that sends them one
    /// after another, so that they keep their order.
    /// </remarks>
    private Task<DeliveryCount>? SendSynchronously(string connectionId, OutgoingFrame[] frames, ref DeliveryCount count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < frames.Length; i++)
        {
            if (frames[i].ExceptConnectionId == connectionId)
            {
                continue;
            }

            var send = StartSend(connectionId, frames[i].Utf8, cancellationToken);
            if (!send.IsCompleted)
            {
                return SendRestAsync(connectionId, frames, i, send, cancellationToken);
            }

            if (!Count(ref count, connectionId, send.IsCompletedSuccessfully ? send.Result : Failed(send)))
            {
                return null;
            }
        }

        return null;
    }

    private async Task<DeliveryCount> SendRestAsync(string connectionId, OutgoingFrame[] frames, int index, ValueTask<DeliveryResult> pending, CancellationToken cancellationToken)
    {
        var count = default(DeliveryCount);
        if (!Count(ref count, connectionId, await ResultAsync(pending).ConfigureAwait(false)))
        {
            return count;
        }

        for (var i = index + 1; i < frames.Length; i++)
        {
            if (frames[i].ExceptConnectionId != connectionId
                && !Count(ref count, connectionId, await ResultAsync(StartSend(connectionId, frames[i].Utf8, cancellationToken)).ConfigureAwait(false)))
            {
                break;
            }
        }

        return count;
    }

    /// <summary>Counts one send; a member found gone is handed over for removal and gets nothing more.</summary>
    /// <returns>Whether to go on sending to the member.</returns>
    private bool Count(ref DeliveryCount count, string connectionId, DeliveryResult result)
    {
        switch (result)
        {
            case DeliveryResult.Delivered:
                count.Delivered++;
                return true;
            case DeliveryResult.Gone:
                count.Gone++;
                gone.Report(connectionId);
                return false;
            default:
                count.Failed++;
                return true;
        }
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

    /// <summary>Frames delivered and failed and members found gone, counted in locals so that the loop over the members allocates nothing.</summary>
    private struct DeliveryCount
    {
        public int Delivered;
        public int Failed;
        public int Gone;

        public static DeliveryCount operator +(DeliveryCount left, DeliveryCount right) =>
            new() { Delivered = left.Delivered + right.Delivered, Failed = left.Failed + right.Failed, Gone = left.Gone + right.Gone };
    }
}
