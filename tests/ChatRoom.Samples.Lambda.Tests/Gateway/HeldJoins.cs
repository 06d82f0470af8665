using System.Collections.Concurrent;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// An authorizer shared by every execution environment that holds a join into an armed room until the test releases
/// it, so an invocation stays busy for as long as a test needs; every other connect and join passes.
/// </summary>
public sealed class HeldJoins : IChatAuthorizer
{
    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>Holds the next joins into <paramref name="room"/>.</summary>
    public Gate Arm(string room) => _gates.GetOrAdd(room, static _ => new Gate());

    public ValueTask<AuthorizationDecision> AuthorizeConnectAsync(ConnectionInfo connection, ConnectionMetadata metadata, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(AuthorizationDecision.Allow);

    public async ValueTask<AuthorizationDecision> AuthorizeJoinAsync(ConnectionInfo connection, string room, CancellationToken cancellationToken = default)
    {
        if (_gates.TryGetValue(room, out var gate))
        {
            gate.Reached.TrySetResult();
            await gate.Released.Task.WaitAsync(cancellationToken);
        }

        return AuthorizationDecision.Allow;
    }

    /// <summary>One armed room: <see cref="Entered"/> completes when a join into it is being held; <see cref="Release"/> lets it (and later ones) through.</summary>
    public sealed class Gate
    {
        internal TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => Reached.Task.WaitAsync(ChatRoom.Samples.Tests.Clients.ChatSocket.Timeout);

        public void Release() => Released.TrySetResult();
    }
}
