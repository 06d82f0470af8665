using System.Collections.Concurrent;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>The gateway's open connections by id (API Gateway's view: what <c>@connections</c> can reach).</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, GatewayConnection> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public bool TryAdd(GatewayConnection connection) => _connections.TryAdd(connection.Id, connection);

    public bool TryGet(string id, out GatewayConnection connection) => _connections.TryGetValue(id, out connection!);

    public void Remove(GatewayConnection connection) => _connections.TryRemove(new KeyValuePair<string, GatewayConnection>(connection.Id, connection));

    public IReadOnlyCollection<GatewayConnection> Snapshot() => [.. _connections.Values];
}
