using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary><c>sendmessage</c>: stores a message, then broadcasts it to the room; the sender's copy is its acknowledgement.</summary>
internal sealed class SendMessageHandler(
    IConnectionStore connections,
    MessagePublisher publisher,
    ChatRoomMetrics metrics,
    IOptions<ChatRoomOptions> options,
    ILogger<SendMessageHandler> logger) : IActionHandler
{
    private readonly ILogger _logger = logger;

    public string Action => "sendmessage";

    public bool NeedsConnection => true;

    public async Task<ChatError?> HandleAsync(ActionContext context)
    {
        metrics.MessageReceived();
        var frame = context.Frame;
        if ((frame.Text ?? frame.Data) is not { } text)
        {
            return FrameRules.BadRequest("\"text\" is required.");
        }

        if (frame.ClientMessageId is { Length: 0 or > FrameRules.MaxClientMessageIdLength })
        {
            return FrameRules.BadRequest($"\"clientMessageId\" must be 1-{FrameRules.MaxClientMessageIdLength} characters.");
        }

        var (room, error) = await ResolveRoomAsync(context).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (MessageText.FindProblem(text, options.Value.MaxMessageLength) is { } problem)
        {
            return new ChatError(ChatErrorCodes.InvalidText, problem);
        }

        var draft = publisher.Draft(room, context.Connection.Member, text, frame.ClientMessageId);
        Log.MessageText(_logger, context.ConnectionId, room, text);

        // The sender's copy is its acknowledgement, so this frame is not done until the copy is queued.
        var published = await publisher.PublishAsync(draft, context.CancellationToken).ConfigureAwait(false);
        if (!published.ReachedEveryMember)
        {
            // Members could not be listed; the sender still learns that its message is stored.
            await context.ReplyAsync(published.Frame).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<(string Room, ChatError? Error)> ResolveRoomAsync(ActionContext context)
    {
        if (context.Frame.Room is not null)
        {
            return await FrameRules.RoomOfMemberAsync(connections, context).ConfigureAwait(false);
        }

        // Like the AWS sample's clients, a connection in exactly one room may leave the room out.
        var rooms = await FrameRules.RoomsAsync(connections, context).ConfigureAwait(false);
        return rooms.Count switch
        {
            1 => (rooms[0], null),
            0 => (string.Empty, new ChatError(ChatErrorCodes.NotAMember, "You are not in any room; join one first.")),
            _ => (string.Empty, FrameRules.BadRequest("\"room\" is required when you are in more than one room.")),
        };
    }
}
