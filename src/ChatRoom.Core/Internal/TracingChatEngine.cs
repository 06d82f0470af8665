using System.Diagnostics;
using System.Text.Json;

namespace ChatRoom.Internal;

/// <summary>
/// Wraps the engine's three events in <c>chatroom.connect</c>, <c>chatroom.frame</c> and <c>chatroom.disconnect</c> spans
/// while something listens to the <c>ChatRoom</c> source; otherwise each call goes straight to the engine.
/// </summary>
internal sealed class TracingChatEngine(IChatEngine inner, IEnumerable<IActionHandler> handlers) : IChatEngine
{
    private readonly string[] _actions = [.. handlers.Select(static handler => handler.Action)];

    public TimeSpan? RenewalInterval => inner.RenewalInterval;

    public Task<ConnectResult> ConnectedAsync(string connectionId, ConnectionMetadata metadata, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening ? TraceConnectAsync(connectionId, metadata, cancellationToken) : inner.ConnectedAsync(connectionId, metadata, cancellationToken);

    public Task FrameReceivedAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening ? TraceFrameAsync(connectionId, utf8Frame, cancellationToken) : inner.FrameReceivedAsync(connectionId, utf8Frame, cancellationToken);

    public Task DisconnectedAsync(string connectionId, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening ? TraceDisconnectAsync(connectionId, cancellationToken) : inner.DisconnectedAsync(connectionId, cancellationToken);

    public Task<bool> RenewAsync(string connectionId, CancellationToken cancellationToken = default) => inner.RenewAsync(connectionId, cancellationToken);

    private async Task<ConnectResult> TraceConnectAsync(string connectionId, ConnectionMetadata metadata, CancellationToken cancellationToken)
    {
        using var activity = ChatRoomActivitySource.StartConnect(connectionId, metadata);
        try
        {
            var result = await inner.ConnectedAsync(connectionId, metadata, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(ChatRoomActivitySource.ConnectStatusTag, StatusName(result.Status));
            if (result.Status == ConnectStatus.Unavailable)
            {
                // Refusing bad credentials is the engine doing its job; only a store it cannot reach is a failure.
                activity?.SetStatus(ActivityStatusCode.Error, result.Reason);
            }

            return result;
        }
        catch (Exception ex)
        {
            ChatRoomActivitySource.Fail(activity, ex);
            throw;
        }
    }

    private async Task TraceFrameAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken)
    {
        using var activity = ChatRoomActivitySource.Source.StartActivity("chatroom.frame", ActivityKind.Server);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(ChatRoomActivitySource.ConnectionIdTag, connectionId);
            activity.SetTag(ChatRoomActivitySource.ActionTag, PeekAction(utf8Frame.Span));
            activity.SetTag(ChatRoomActivitySource.BodySizeTag, utf8Frame.Length);
        }

        try
        {
            await inner.FrameReceivedAsync(connectionId, utf8Frame, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ChatRoomActivitySource.Fail(activity, ex);
            throw;
        }
    }

    private async Task TraceDisconnectAsync(string connectionId, CancellationToken cancellationToken)
    {
        using var activity = ChatRoomActivitySource.Source.StartActivity("chatroom.disconnect", ActivityKind.Server);
        activity?.SetTag(ChatRoomActivitySource.ConnectionIdTag, connectionId);
        try
        {
            await inner.DisconnectedAsync(connectionId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ChatRoomActivitySource.Fail(activity, ex);
            throw;
        }
    }

    /// <summary>Reads the frame's top-level <c>action</c> for the span, without allocating for a known action.</summary>
    /// <returns>A known action's name, <see cref="ChatRoomActivitySource.OtherAction"/> for any other string, or <see langword="null"/> when there is none to read.</returns>
    /// <remarks>
    /// Only runs while a listener records the span, so the untraced frame path parses once. Client text never becomes a
    /// tag value: an unknown action is <c>_OTHER</c>. The engine still parses and answers a bad frame itself.
    /// </remarks>
    private string? PeekAction(ReadOnlySpan<byte> utf8Frame)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Frame);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.TextEquals("action"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                foreach (var action in _actions)
                {
                    if (reader.TextEquals(action))
                    {
                        return action;
                    }
                }

                return ChatRoomActivitySource.OtherAction;
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the engine answers it; the span just has no action.
        }

        return null;
    }

    private static string StatusName(ConnectStatus status) => status switch
    {
        ConnectStatus.Accepted => "accepted",
        ConnectStatus.Unauthenticated => "unauthenticated",
        ConnectStatus.Forbidden => "forbidden",
        ConnectStatus.Unavailable => "unavailable",
        _ => ChatRoomActivitySource.OtherAction,
    };
}
