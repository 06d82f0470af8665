using System.Text.Json;

namespace ChatRoom.Aws.Internal;

/// <summary>One invocation's deadline, and the frames the messenger did not send because of it.</summary>
/// <remarks>Thread-safe: a broadcast records from many sends at once. Begun and ended by <see cref="InvocationDeadlines"/>.</remarks>
internal sealed class InvocationScope : IDisposable
{
    /// <summary>How many connection ids and frames the warning names; the rest are counted.</summary>
    internal const int Named = 5;

    private readonly InvocationDeadlines _owner;
    private readonly CancellationTokenSource _deadline;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _connections = new(StringComparer.Ordinal);
    private readonly List<string> _firstConnections = [];

    // Keyed by the frame's memory: a broadcast shares one buffer between its recipients.
    private readonly HashSet<ReadOnlyMemory<byte>> _frames = [];
    private readonly List<ReadOnlyMemory<byte>> _firstFrames = [];
    private int _notSent;

    internal InvocationScope(InvocationDeadlines owner, TimeSpan budget, long startedAt, TimeProvider timeProvider)
    {
        _owner = owner;
        StartedAt = startedAt;
        _deadline = new CancellationTokenSource(budget, timeProvider);

        // Kept apart from the source: a send that still holds the scope after it ended reads a token, not a disposed source.
        Token = _deadline.Token;
    }

    /// <summary>Gets the timestamp the invocation began at (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long StartedAt { get; }

    /// <summary>Gets a token cancelled at the deadline.</summary>
    public CancellationToken Token { get; }

    /// <summary>Gets a value indicating whether the deadline has passed.</summary>
    public bool IsPast => Token.IsCancellationRequested;

    /// <summary>Gets how many frames were not sent.</summary>
    public int NotSent
    {
        get
        {
            lock (_lock)
            {
                return _notSent;
            }
        }
    }

    /// <summary>Records a frame that was not sent (not started, or cancelled in flight) because of the deadline.</summary>
    public void RecordNotSent(string connectionId, ReadOnlyMemory<byte> utf8Frame)
    {
        lock (_lock)
        {
            _notSent++;
            if (_connections.Add(connectionId) && _firstConnections.Count < Named)
            {
                _firstConnections.Add(connectionId);
            }

            if (_frames.Add(utf8Frame) && _firstFrames.Count < Named)
            {
                _firstFrames.Add(utf8Frame);
            }
        }
    }

    /// <summary>Summarises what was not sent, for the one warning per invocation.</summary>
    public (int Frames, int Connections, string Connection, int DistinctFrames, string FrameList) Summarise()
    {
        lock (_lock)
        {
            var connections = string.Join(", ", _firstConnections) + (_connections.Count > Named ? $", … ({_connections.Count - Named} more)" : string.Empty);
            var frames = string.Join(", ", _firstFrames.Select(Describe)) + (_frames.Count > Named ? $", … ({_frames.Count - Named} more)" : string.Empty);
            return (_notSent, _connections.Count, connections, _frames.Count, frames);
        }
    }

    /// <summary>Ends the invocation: no longer the deadline in force; logs what was not sent.</summary>
    public void Dispose()
    {
        _owner.End(this);
        _deadline.Dispose();
    }

    /// <summary>Names a frame by its type, room and seq, e.g. <c>message general#42</c>; never its text.</summary>
    internal static string Describe(ReadOnlyMemory<byte> utf8Frame)
    {
        string? type = null;
        string? room = null;
        long? seq = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Frame.Span);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && (type is null || room is null || seq is null))
                {
                    var name = reader.GetString();
                    if (!reader.Read())
                    {
                        break;
                    }

                    switch (name)
                    {
                        case "type" when reader.TokenType == JsonTokenType.String:
                            type = reader.GetString();
                            break;
                        case "room" when reader.TokenType == JsonTokenType.String:
                            room = reader.GetString();
                            break;
                        case "seq" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value):
                            seq = value;
                            break;
                        default:
                            reader.Skip();
                            break;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A frame is named as far as it could be read.
        }

        return (type ?? "frame") + (room is null ? string.Empty : " " + room) + (seq is null ? string.Empty : "#" + seq);
    }
}
