using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary>The server-side API: sends through the engine's own send path, reads the connection store, closes through the messenger.</summary>
internal sealed class ChatRoomService(
    IConnectionStore connections,
    IConnectionMessenger messenger,
    MessagePublisher publisher,
    Departures departures,
    IOptions<ChatRoomOptions> options,
    ILogger<ChatRoomService> logger) : IChatRoomService
{
    private const int MaxPageSize = 1000;

    private readonly ILogger _logger = logger;

    public async Task<ChatMessage> SendMessageAsync(ServerMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ThrowIfInvalidRoom(message.Room, nameof(message));
        if (MessageText.FindProblem(message.Text ?? string.Empty, options.Value.MaxMessageLength) is { } problem)
        {
            throw new ArgumentException(problem, nameof(message));
        }

        if (message.ClientMessageId is { Length: 0 or > FrameRules.MaxClientMessageIdLength })
        {
            throw new ArgumentException($"ClientMessageId must be 1-{FrameRules.MaxClientMessageIdLength} characters.", nameof(message));
        }

        var draft = publisher.Draft(message.Room, ToSender(message), message.Text!, message.ClientMessageId);
        var published = await publisher.PublishAsync(draft, cancellationToken).ConfigureAwait(false);
        Log.ServerMessageSent(_logger, published.Message.Room, published.Message.Seq, draft.Sender.UserId);
        await departures.RemoveGoneAsync().ConfigureAwait(false);
        return published.Message;
    }

    public Task<MemberPage> GetMembersAsync(string room, string? continuationToken = null, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        ThrowIfInvalidRoom(room, nameof(room));
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        return connections.GetMembersAsync(room, continuationToken, pageSize, cancellationToken);
    }

    public async Task<bool> DisconnectAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        DeliveryResult closed;
        try
        {
            closed = await messenger.CloseAsync(connectionId, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A messenger that throws counts as a failed close; the registration is removed below all the same.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.CloseFailed(_logger, ex, connectionId);
            closed = DeliveryResult.Failed;
        }

        // The usual departure, now rather than when the host reports the close: rosters and presence "left" do not
        // wait for API Gateway's $disconnect, and a connection that was already gone leaves too. The host's own
        // disconnect that follows finds nothing left to do.
        await departures.RemoveAsync(connectionId, cancellationToken).ConfigureAwait(false);
        Log.ServerDisconnected(_logger, connectionId, closed);
        return closed == DeliveryResult.Delivered;
    }

    private static ChatMember ToSender(ServerMessage message)
    {
        if (message.UserId is null)
        {
            var systemName = message.SenderName ?? ServerSenders.DefaultSystemName;
            ThrowIfInvalidName(systemName);
            return new ChatMember { ConnectionId = ServerSenders.SystemId, Name = systemName, UserId = ServerSenders.SystemId };
        }

        // '$' ids are the server's own senders: a user id that took one would de-duplicate against the system's sends.
        if (!UserIds.IsValid(message.UserId) || message.UserId.StartsWith('$'))
        {
            throw new ArgumentException("UserId must be 1-128 characters without control characters, and must not start with '$'.", nameof(message));
        }

        var name = message.SenderName ?? message.UserId;
        ThrowIfInvalidName(name);

        // The application vouches for the user, as a checked token would.
        return new ChatMember { ConnectionId = ServerSenders.ServerConnectionId, Name = name, UserId = message.UserId, IsAuthenticated = true };
    }

    private static void ThrowIfInvalidName(string name)
    {
        if (!DisplayName.IsValid(name))
        {
            throw new ArgumentException($"SenderName '{name}' is not a valid display name (1-32 visible characters).", nameof(name));
        }
    }

    private static void ThrowIfInvalidRoom(string? room, string paramName)
    {
        if (!RoomName.IsValid(room))
        {
            throw new ArgumentException($"Room '{room}' is not a valid room name: {RoomName.Rule}.", paramName);
        }
    }
}
