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

    public async Task HandleAsync(ActionContext context)
    {
        metrics.MessageReceived();
        var frame = context.Frame;
        var text = frame.Text ?? frame.Data ?? throw new ChatProtocolException(ChatErrorCodes.BadRequest, "\"text\" is required.");
        if (frame.ClientMessageId is { Length: 0 or > FrameRules.MaxClientMessageIdLength })
        {
            throw new ChatProtocolException(ChatErrorCodes.BadRequest, $"\"clientMessageId\" must be 1-{FrameRules.MaxClientMessageIdLength} characters.");
        }

        var room = await ResolveRoomAsync(context).ConfigureAwait(false);
        if (MessageText.FindProblem(text, options.Value.MaxMessageLength) is { } problem)
        {
            throw new ChatProtocolException(ChatErrorCodes.InvalidText, problem);
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
    }

    private async Task<string> ResolveRoomAsync(ActionContext context)
    {
        if (context.Frame.Room is not null)
        {
            return await FrameRules.RequireMembershipAsync(connections, context).ConfigureAwait(false);
        }

        // Like the AWS sample's clients, a connection in exactly one room may leave the room out.
        var rooms = await connections.GetRoomsAsync(context.ConnectionId, context.CancellationToken).ConfigureAwait(false);
        return rooms.Count switch
        {
            1 => rooms[0],
            0 => throw new ChatProtocolException(ChatErrorCodes.NotAMember, "You are not in any room; join one first."),
            _ => throw new ChatProtocolException(ChatErrorCodes.BadRequest, "\"room\" is required when you are in more than one room."),
        };
    }
}
