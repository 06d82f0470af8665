namespace ChatRoom.Internal;

/// <summary>With a backplane: this node's members of each room, and the room subscriptions they need.</summary>
/// <remarks>
/// <para>
/// A room is subscribed while it has a member here. Subscribing and unsubscribing one room run one at a time and
/// follow the member count as it is when they run, so a join racing the last leave never ends unsubscribed. A joiner
/// is added (and the room subscribed) before its history is read, and what reaches it before its <c>joined</c> reply
/// is held and sent after the reply: it sees each message in the reply or live after it, and a client drops a seq it
/// holds.
/// </para>
/// <para>Without a backplane every call returns at once: rosters come from the connection store.</para>
/// </remarks>
internal sealed class LocalRoomMembers(InProcessMessenger messenger, IChatBackplane? backplane = null)
{
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    public bool IsActive => backplane is not null;

    /// <summary>Adds this node's connection to a room and waits until the room's broadcasts reach this node.</summary>
    /// <param name="room">The room.</param>
    /// <param name="connectionId">The connection.</param>
    /// <param name="holdUntilJoined">Whether frames are held for it until <see cref="Joined"/> (a join that replies).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ChatStoreUnavailableException">The backplane could not subscribe; the member was not added.</exception>
    public async Task AddAsync(string room, string connectionId, bool holdUntilJoined, CancellationToken cancellationToken)
    {
        if (backplane is null)
        {
            return;
        }

        Room state;
        lock (_rooms)
        {
            if (!_rooms.TryGetValue(room, out state!))
            {
                state = new Room();
                _rooms.Add(room, state);
            }

            if (!Contains(state.Members, connectionId))
            {
                state.Members = [.. state.Members, new LocalMember(connectionId, holdUntilJoined)];
            }
        }

        try
        {
            await SyncSubscriptionAsync(room, state, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await RemoveAsync(room, connectionId).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The joiner's reply is queued: sends what was held for it, in order, and stops holding.</summary>
    public void Joined(string room, string connectionId)
    {
        if (backplane is null || Find(room, connectionId) is not { } member)
        {
            return;
        }

        member.Release(messenger);
    }

    /// <summary>Removes this node's connection from a room; the room is unsubscribed when it was the last member here.</summary>
    public Task RemoveAsync(string room, string connectionId)
    {
        if (backplane is null)
        {
            return Task.CompletedTask;
        }

        Room? state;
        lock (_rooms)
        {
            if (!_rooms.TryGetValue(room, out state) || !Contains(state.Members, connectionId))
            {
                return Task.CompletedTask;
            }

            state.Members = Array.FindAll(state.Members, m => m.ConnectionId != connectionId);
        }

        return SyncSubscriptionAsync(room, state, CancellationToken.None);
    }

    /// <summary>Removes this node's connection from every room it is in here (it disconnected or was found gone).</summary>
    public async Task RemoveConnectionAsync(string connectionId)
    {
        if (backplane is null)
        {
            return;
        }

        string[] rooms;
        lock (_rooms)
        {
            rooms = [.. _rooms.Where(r => Contains(r.Value.Members, connectionId)).Select(r => r.Key)];
        }

        foreach (var room in rooms)
        {
            await RemoveAsync(room, connectionId).ConfigureAwait(false);
        }
    }

    /// <summary>This node's members of the room now: a snapshot that later joins and leaves do not change.</summary>
    public LocalMember[] MembersOf(string room)
    {
        lock (_rooms)
        {
            return _rooms.TryGetValue(room, out var state) ? state.Members : [];
        }
    }

    private LocalMember? Find(string room, string connectionId)
    {
        return Array.Find(MembersOf(room), m => m.ConnectionId == connectionId);
    }

    private static bool Contains(LocalMember[] members, string connectionId) =>
        Array.Exists(members, m => m.ConnectionId == connectionId);

    private async Task SyncSubscriptionAsync(string room, Room state, CancellationToken cancellationToken)
    {
        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool wanted;
            lock (_rooms)
            {
                wanted = state.Members.Length > 0;
            }

            if (wanted && !state.Subscribed)
            {
                await backplane!.SubscribeAsync(room, cancellationToken).ConfigureAwait(false);
                state.Subscribed = true;
            }
            else if (!wanted && state.Subscribed)
            {
                // Unsubscribed before the room is forgotten, so a later join's subscription always comes after it.
                await backplane!.UnsubscribeAsync(room, CancellationToken.None).ConfigureAwait(false);
                state.Subscribed = false;
                lock (_rooms)
                {
                    if (state.Members.Length == 0)
                    {
                        _rooms.Remove(room);
                    }
                }
            }
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private sealed class Room
    {
        public LocalMember[] Members { get; set; } = [];

        public bool Subscribed { get; set; }

        public SemaphoreSlim Gate { get; } = new(1, 1);
    }
}
