namespace ChatRoom.InMemory.Internal;

/// <summary>The highest seq any forgotten room reached; new room logs number their messages above it.</summary>
/// <remarks>
/// One number for every room, so forgetting costs no memory per room: a room forgotten and used again still gets seqs
/// above those its clients saw (they rejoin with <c>since</c>), at the price of new rooms starting above 1.
/// </remarks>
internal sealed class SeqFloor
{
    private long _value;

    public long Value => Volatile.Read(ref _value);

    public void Raise(long seq)
    {
        var current = Volatile.Read(ref _value);
        while (seq > current)
        {
            var seen = Interlocked.CompareExchange(ref _value, seq, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
