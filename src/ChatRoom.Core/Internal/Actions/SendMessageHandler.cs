using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary><c>sendmessage</c>: stores a message, then broadcasts it to the room; the sender's copy is its acknowledgement.</summary>
internal sealed class SendMessageHandler(
    IConnectionStore connections,
    IMessageStore messages,
    RoomSequencer sequencer,
    ChatRoomMetrics metrics,
    TimeProvider timeProvider,
    IOptions<ChatRoomOptions> options,
    ILoggerFactory? loggerFactory = null) : IActionHandler
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SendMessageHandler>();

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

        var now = timeProvider.GetUtcNow();
        var sentAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var sender = new MessageSender(context.ConnectionId, context.Connection.DisplayName, context.Connection.UserId)
        {
            IsAuthenticated = context.Connection.IsAuthenticated,
        };
        var draft = new NewChatMessage(room, Guid.CreateVersion7(now).ToString("N"), sender, text, sentAt, frame.ClientMessageId);
        Log.MessageText(_logger, context.ConnectionId, room, text);

        Task<bool> fanOut;
        ReadOnlyMemory<byte> messageFrame;
        using (var turn = await sequencer.EnterAsync(room, context.CancellationToken).ConfigureAwait(false))
        {
            var appended = await messages.AppendAsync(draft, context.CancellationToken).ConfigureAwait(false);
            messageFrame = FrameSerializer.Message(appended.Message);
            if (!appended.IsDuplicate)
            {
                metrics.MessageStored();
            }

            // A resend whose message is stored already goes to the whole room again, not to the sender alone: the
            // attempt that stored it may never have broadcast it (its answers were lost, or its Lambda was stopped at
            // the timeout). Members who have it ignore the seq they already hold.
            // Queued in seq order under the turn, fanned out after it: the room's next message is stored meanwhile.
            fanOut = turn.QueueAsync(messageFrame, null);
        }

        // Stored means it must go out, even if the sender disconnects meanwhile; the sender's copy is its acknowledgement,
        // so this frame is not done until the copy is queued.
        if (!await fanOut.ConfigureAwait(false))
        {
            // Members could not be listed; the sender still learns that its message is stored.
            await context.ReplyAsync(messageFrame).ConfigureAwait(false);
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
