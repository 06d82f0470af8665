using System.Threading.Channels;
using ChatRoom.InMemory.Internal;

namespace ChatRoom.AspNetCore.Tests.Support;

/// <summary>
/// The in-memory connection store, as if its records expired after <see cref="ConnectionTimeToLive"/>: it records each
/// renewal and can be told to fail renewals or to answer that a connection is no longer registered.
/// </summary>
internal sealed class RenewalRecordingStore(TimeSpan timeToLive) : IConnectionStore
{
    private readonly InMemoryConnectionStore _inner = new();
    private readonly Channel<string> _renewed = Channel.CreateUnbounded<string>();
    private int _renewals;
    private int _failuresLeft;

    public TimeSpan? ConnectionTimeToLive => timeToLive;

    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>Gets the connection id of each renewal, in order.</summary>
    public ChannelReader<string> Renewed => _renewed.Reader;

    /// <summary>Gets or sets whether renewals answer that the connection is gone.</summary>
    public bool Forgotten { get; set; }

    /// <summary>Gets or sets how many of the next renewals fail as if the store could not be reached.</summary>
    public int FailuresLeft { get => Volatile.Read(ref _failuresLeft); set => Volatile.Write(ref _failuresLeft, value); }

    public async Task<bool> RenewConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _renewals);
        _renewed.Writer.TryWrite(connectionId);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new ChatStoreUnavailableException("The store is down.");
        }

        return !Forgotten && await _inner.RenewConnectionAsync(connectionId, cancellationToken);
    }

    public Task AddConnectionAsync(ConnectionInfo connection, CancellationToken cancellationToken = default) => _inner.AddConnectionAsync(connection, cancellationToken);

    public Task<ConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default) => _inner.GetConnectionAsync(connectionId, cancellationToken);

    public Task<IReadOnlyList<string>> RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken = default) => _inner.RemoveConnectionAsync(connectionId, cancellationToken);

    public Task<RoomJoinResult> JoinRoomAsync(string room, ConnectionInfo connection, int maxRooms, CancellationToken cancellationToken = default) =>
        _inner.JoinRoomAsync(room, connection, maxRooms, cancellationToken);

    public Task<bool> LeaveRoomAsync(string room, string connectionId, CancellationToken cancellationToken = default) => _inner.LeaveRoomAsync(room, connectionId, cancellationToken);

    public Task<MemberPage> GetMembersAsync(string room, string? continuationToken, int pageSize, CancellationToken cancellationToken = default) =>
        _inner.GetMembersAsync(room, continuationToken, pageSize, cancellationToken);

    public Task<IReadOnlyList<string>> GetRoomsAsync(string connectionId, CancellationToken cancellationToken = default) => _inner.GetRoomsAsync(connectionId, cancellationToken);
}
