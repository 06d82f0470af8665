namespace ChatRoom.Aws.Internal;

/// <summary>A SEQ# item a history read found: a message, or a seq that holds none (a tombstone, or a message past its retention).</summary>
/// <param name="Seq">The seq.</param>
/// <param name="Message">The message; <see langword="null"/> when the seq will never deliver one.</param>
internal readonly record struct SeqItem(long Seq, ChatMessage? Message);
