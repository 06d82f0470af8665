namespace ChatRoom.Aws.Internal;

/// <summary>What a conditional put of a message's SEQ# item found.</summary>
internal enum SeqPutOutcome
{
    /// <summary>This call wrote the item: the message is new to the room.</summary>
    Written,

    /// <summary>A concurrent resend of the same message wrote it first.</summary>
    WrittenByAnother,

    /// <summary>A history read sealed the seq first: the message must take a new one.</summary>
    Sealed,
}
