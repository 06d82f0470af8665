namespace ChatRoom.AwsCost;

/// <summary>Thread-safe counts of requests by kind (a DynamoDB operation, an HTTP method), with capacity units where reported.</summary>
internal sealed class RequestTally
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private double _readUnits;
    private double _writeUnits;
    private int _unreported;

    /// <summary>Counts one request.</summary>
    /// <param name="kind">The operation or method, e.g. <c>Query</c> or <c>POST</c>.</param>
    public void Add(string kind)
    {
        lock (_lock)
        {
            _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        }
    }

    /// <summary>Gets the requests of one kind counted since the last reset.</summary>
    /// <param name="kind">The operation or method.</param>
    /// <returns>The count.</returns>
    public int Count(string kind)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault(kind);
        }
    }

    /// <summary>Adds the capacity units a response reported, or notes that it reported none.</summary>
    /// <param name="units">The units, or <see langword="null"/> when the response carried no <c>ConsumedCapacity</c>.</param>
    /// <param name="isRead">Read (RCU) or write (WCU) units.</param>
    public void AddCapacity(double? units, bool isRead)
    {
        lock (_lock)
        {
            if (units is not { } value)
            {
                _unreported++;
            }
            else if (isRead)
            {
                _readUnits += value;
            }
            else
            {
                _writeUnits += value;
            }
        }
    }

    /// <summary>Takes the counts so far and starts again from zero.</summary>
    /// <returns>What was counted since the last reset.</returns>
    public TallySnapshot Reset()
    {
        lock (_lock)
        {
            var snapshot = new TallySnapshot(new SortedDictionary<string, int>(_counts, StringComparer.Ordinal), _readUnits, _writeUnits, _unreported);
            _counts.Clear();
            _readUnits = 0;
            _writeUnits = 0;
            _unreported = 0;
            return snapshot;
        }
    }
}
