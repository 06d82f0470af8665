namespace ChatRoom.Internal;

/// <summary>
/// Stores a message and broadcasts it to its room: the one send path behind <c>sendmessage</c> and the server-side API.
/// </summary>
internal sealed class MessagePublisher(
    IMessageStore messages,
    RoomSequencer sequencer,
    ChatRoomMetrics metrics,
    TimeProvider timeProvider)
{
    /// <summary>A message as it will be appended: a new id, and the time now at millisecond precision.</summary>
    public NewChatMessage Draft(string room, ChatMember sender, string text, string? clientMessageId)
    {
        var now = timeProvider.GetUtcNow();
        var sentAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        return new NewChatMessage
        {
            Room = room,
            Id = Guid.CreateVersion7(now).ToString("N"),
            Sender = sender,
            Text = text,
            SentAt = sentAt,
            ClientMessageId = clientMessageId,
        };
    }

    /// <summary>Appends the message (a resend finds its original) and broadcasts it to the whole room.</summary>
    /// <returns>The stored message, its frame, and whether every member could be listed; members found gone are left to <see cref="Departures"/>.</returns>
    /// <exception cref="ChatStoreUnavailableException">The message could not be stored; nothing was sent.</exception>
    public async Task<PublishedMessage> PublishAsync(NewChatMessage draft, CancellationToken cancellationToken)
    {
        Task<bool> fanOut;
        ChatMessage stored;
        ReadOnlyMemory<byte> messageFrame;
        using (var turn = await sequencer.EnterAsync(draft.Room, cancellationToken).ConfigureAwait(false))
        {
            var appended = await messages.AppendAsync(draft, cancellationToken).ConfigureAwait(false);
            stored = appended.Message;
            messageFrame = FrameSerializer.Message(stored);
            if (!appended.IsDuplicate)
            {
                metrics.MessageStored();
            }

            // A resend whose message is stored already goes to the whole room again, not to the sender alone: the
            // attempt that stored it may never have broadcast it (its answers were lost, or its Lambda was stopped at
            // the timeout). Members who have it ignore the seq they already hold.
            // Queued in seq order under the turn, fanned out after it: the room's next message is stored meanwhile.
            // A store that published with the append (its own backplane) has sent it to every node already.
            fanOut = appended.IsPublished ? Task.FromResult(true) : turn.QueueAsync(messageFrame, null);
        }

        // Stored means it must go out, even if the sender disconnects meanwhile.
        return new PublishedMessage(stored, messageFrame, await fanOut.ConfigureAwait(false));
    }
}
