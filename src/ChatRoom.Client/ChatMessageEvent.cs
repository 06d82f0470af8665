namespace ChatRoom.Client;

/// <summary>A message of a room, handed over exactly once per seq, in strictly increasing seq per room.</summary>
public sealed class ChatMessageEvent : ChatEvent
{
    /// <summary>Gets the message's seq in its room.</summary>
    public required long Seq { get; init; }

    /// <summary>Gets the server's id of the message.</summary>
    public required string Id { get; init; }

    /// <summary>Gets who sent it.</summary>
    public required ChatMember Sender { get; init; }

    /// <summary>Gets the text, verbatim (render it as text, never as markup).</summary>
    public required string Text { get; init; }

    /// <summary>Gets when the server stored it.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>Gets the sender's client message id, when it sent one.</summary>
    public string? ClientMessageId { get; init; }

    /// <summary>
    /// Gets a value indicating whether the application sent it as the system (the server's <c>"system":true</c>), not a
    /// person: show it apart, without a verified mark. Its sender's connection id is <c>$system</c>.
    /// </summary>
    public bool IsSystem { get; init; }
}
