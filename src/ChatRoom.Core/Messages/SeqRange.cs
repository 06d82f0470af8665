namespace ChatRoom;

/// <summary>A run of a room's sequence numbers that a read accounts for, both ends included.</summary>
/// <remarks>
/// Every seq from <see cref="From"/> to <see cref="To"/> is either among the messages the read returned or will never
/// be delivered in the room: it was never stored (its append failed), the store sealed it, or the store no longer
/// holds it. A client that holds the page therefore stops waiting for any seq in the range.
/// </remarks>
public sealed record SeqRange
{
    /// <summary>Initializes a range.</summary>
    /// <param name="from">The lowest seq accounted for (at least 1).</param>
    /// <param name="to">The highest seq accounted for (at least <paramref name="from"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="from"/> is below 1 or <paramref name="to"/> below <paramref name="from"/>.</exception>
    public SeqRange(long from, long to)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(from, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        From = from;
        To = to;
    }

    /// <summary>Gets the lowest seq accounted for.</summary>
    public long From { get; }

    /// <summary>Gets the highest seq accounted for.</summary>
    public long To { get; }

    /// <summary>Gets whether <paramref name="seq"/> lies in the range.</summary>
    /// <param name="seq">A sequence number.</param>
    /// <returns><see langword="true"/> when <see cref="From"/> &lt;= <paramref name="seq"/> &lt;= <see cref="To"/>.</returns>
    public bool Contains(long seq) => seq >= From && seq <= To;
}
