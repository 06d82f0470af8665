namespace ChatRoom;

/// <summary>A stored message.</summary>
public sealed record ChatMessage
{
    /// <summary>Gets the room it was sent to.</summary>
    public required string Room { get; init; }

    /// <summary>Gets its sequence number: strictly increasing per room, never reused; usually from 1, but a store may continue above seqs it no longer holds.</summary>
    public required long Seq { get; init; }

    /// <summary>Gets its globally unique id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets who sent it, as they were when it was sent.</summary>
    public required ChatMember Sender { get; init; }

    /// <summary>Gets the text.</summary>
    public required string Text { get; init; }

    /// <summary>Gets when the engine accepted it (UTC, millisecond precision).</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>Gets the sender's id for it, used to de-duplicate resends; <see langword="null"/> when it had none.</summary>
    public string? ClientMessageId { get; init; }
}
