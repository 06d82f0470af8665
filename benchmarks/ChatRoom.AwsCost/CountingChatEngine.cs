namespace ChatRoom.AwsCost;

/// <summary>
/// Wraps the Lambda sample's engine and counts its calls: each API Gateway event the function handles is exactly one
/// call (CONNECT, MESSAGE, DISCONNECT), so these are Lambda invocations.
/// </summary>
internal sealed class CountingChatEngine(IChatEngine inner, InvocationMeter invocations) : IChatEngine
{
    public async Task<ConnectResult> ConnectedAsync(string connectionId, ConnectionMetadata metadata, CancellationToken cancellationToken = default)
    {
        invocations.Begin();
        try
        {
            var result = await inner.ConnectedAsync(connectionId, metadata, cancellationToken);
            if (metadata.QueryParameters.TryGetValue("name", out var name))
            {
                invocations.ConnectionIds[name] = connectionId;
            }

            return result;
        }
        finally
        {
            invocations.End("CONNECT");
        }
    }

    public async Task FrameReceivedAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default)
    {
        invocations.Begin();
        try
        {
            await inner.FrameReceivedAsync(connectionId, utf8Frame, cancellationToken);
        }
        finally
        {
            invocations.End("MESSAGE");
        }
    }

    public TimeSpan? RenewalInterval => inner.RenewalInterval;

    public Task<bool> RenewAsync(string connectionId, CancellationToken cancellationToken = default) => inner.RenewAsync(connectionId, cancellationToken);

    public async Task DisconnectedAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        invocations.Begin();
        try
        {
            await inner.DisconnectedAsync(connectionId, cancellationToken);
        }
        finally
        {
            invocations.End("DISCONNECT");
        }
    }
}
