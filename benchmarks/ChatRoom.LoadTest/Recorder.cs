using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ChatRoom.LoadTest;

/// <summary>Counts deliveries of benchmark texts and, while armed, records their send-to-receive latency.</summary>
/// <remarks>
/// Benchmark texts are 100 characters unless <c>--text-length</c> says otherwise: <c>@@</c>, the sender's <see cref="Stopwatch"/> timestamp in 19 digits, padding.
/// A recorder made with a <c>total</c> counts its own clients' deliveries (e.g. one node's) and passes each one on to the total.
/// </remarks>
internal sealed class Recorder(Recorder? total = null)
{
    public const int TextLength = 100;

    private long[] _samples = [];
    private int _sampleCount;
    private long _deliveries;
    private long _lastActivity = Stopwatch.GetTimestamp();

    public long Deliveries => Volatile.Read(ref _deliveries);

    public long LastActivity => Volatile.Read(ref _lastActivity);

    public static string NewText(int length = TextLength)
    {
        var builder = new StringBuilder(length);
        builder.Append("@@").Append(Stopwatch.GetTimestamp().ToString("D19", CultureInfo.InvariantCulture));
        builder.Append('x', Math.Max(0, length - builder.Length));
        return builder.ToString();
    }

    public void Arm(int capacity)
    {
        _samples = new long[capacity];
        Volatile.Write(ref _sampleCount, 0);
    }

    public long[] Disarm()
    {
        var samples = _samples;
        _samples = [];
        var count = Math.Min(Volatile.Read(ref _sampleCount), samples.Length);
        return samples[..count];
    }

    /// <summary>Any frame at all (presence, joined, handshake): used to wait for the server to go quiet.</summary>
    public void Activity()
    {
        Volatile.Write(ref _lastActivity, Stopwatch.GetTimestamp());
        total?.Activity();
    }

    public void OnFrame(ReadOnlySpan<byte> utf8)
    {
        Activity();
        var at = utf8.IndexOf("@@"u8);
        if (at < 0 || utf8.Length < at + 21)
        {
            return;
        }

        long sent = 0;
        foreach (var digit in utf8.Slice(at + 2, 19))
        {
            sent = (sent * 10) + (digit - '0');
        }

        Record(sent);
    }

    public void OnText(string text)
    {
        Activity();
        if (text.StartsWith("@@", StringComparison.Ordinal) && text.Length >= 21)
        {
            Record(long.Parse(text.AsSpan(2, 19), CultureInfo.InvariantCulture));
        }
    }

    public async Task WaitQuietAsync(TimeSpan quiet, TimeSpan max, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(LastActivity) < quiet && Stopwatch.GetElapsedTime(started) < max)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private void Record(long sent)
    {
        var now = Stopwatch.GetTimestamp();
        total?.Record(sent);
        Interlocked.Increment(ref _deliveries);
        var samples = _samples;
        if (samples.Length > 0)
        {
            var index = Interlocked.Increment(ref _sampleCount) - 1;
            if (index < samples.Length)
            {
                samples[index] = now - sent;
            }
        }
    }
}
