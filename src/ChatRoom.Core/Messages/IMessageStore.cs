namespace ChatRoom;

/// <summary>Stores each room's message history.</summary>
/// <remarks>
/// Implementations are thread-safe singletons. Sequence numbers are assigned atomically: concurrent appends to one
/// room (from any number of processes sharing the store) never get the same number. Pages are in ascending
/// sequence order. Storage failures surface as <see cref="ChatStoreUnavailableException"/>, and a failed append
/// stores nothing.
/// <para>
/// Each page states the seqs it accounts for (<see cref="MessagePage.Range"/>), and that statement is final across
/// every process sharing the store: a seq in the range that the page does not list is never returned or appended
/// later. A store whose appends take a seq before they store the message (DynamoDB's counter) makes it so by sealing
/// such a seq when it reads it; one whose appends take and store in one step has nothing to do.
/// </para>
/// </remarks>
public interface IMessageStore
{
    /// <summary>Appends a message, or finds the original when the sender already sent this client message id to the room.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored message and whether it was a duplicate.</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached; nothing was stored.</exception>
    Task<AppendResult> AppendAsync(NewChatMessage message, CancellationToken cancellationToken = default);

    /// <summary>Reads a room's latest messages.</summary>
    /// <param name="room">The room.</param>
    /// <param name="limit">The most messages to return (at least 1).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// Up to <paramref name="limit"/> messages; <see cref="MessagePage.HasMore"/> when older ones exist;
    /// <see cref="MessagePage.Range"/> from the lowest listed seq to the highest, or <see langword="null"/> when none is listed.
    /// </returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<MessagePage> GetLatestAsync(string room, int limit, CancellationToken cancellationToken = default);

    /// <summary>Reads the messages just before a sequence number (paging backwards).</summary>
    /// <param name="room">The room.</param>
    /// <param name="beforeSeq">Only messages with a smaller sequence number are returned.</param>
    /// <param name="limit">The most messages to return (at least 1).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The newest messages below <paramref name="beforeSeq"/>; <see cref="MessagePage.HasMore"/> when older ones exist;
    /// <see cref="MessagePage.Range"/> from the lowest listed seq to the highest, or <see langword="null"/> when none is listed.
    /// </returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<MessagePage> GetBeforeAsync(string room, long beforeSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>Reads the messages after a sequence number (recovery after a reconnect).</summary>
    /// <param name="room">The room.</param>
    /// <param name="afterSeq">Only messages with a greater sequence number are returned.</param>
    /// <param name="limit">The most messages to return (at least 1).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The oldest messages above <paramref name="afterSeq"/>; <see cref="MessagePage.HasMore"/> when newer ones exist;
    /// <see cref="MessagePage.Range"/> from <paramref name="afterSeq"/> + 1 to the highest seq the read accounted for
    /// (at least the last listed one), or <see langword="null"/> when it accounted for none.
    /// </returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<MessagePage> GetAfterAsync(string room, long afterSeq, int limit, CancellationToken cancellationToken = default);
}
