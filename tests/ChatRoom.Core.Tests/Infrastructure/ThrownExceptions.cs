using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace ChatRoom.Core.Tests;

/// <summary>
/// Records every exception thrown, caught or not, by code running in the watching test's async flow, so a test can
/// check that an expected outcome is a value and not a throw. Other tests running in parallel are not in that flow.
/// </summary>
public sealed class ThrownExceptions : IDisposable
{
    private static readonly AsyncLocal<ThrownExceptions?> s_current = new();
    private readonly ConcurrentQueue<Exception> _thrown = new();

    private ThrownExceptions() => AppDomain.CurrentDomain.FirstChanceException += OnThrown;

    public IReadOnlyCollection<Exception> Thrown => _thrown;

    /// <summary>Starts watching the calling flow (set from a synchronous method, so it stays set in the caller).</summary>
    public static ThrownExceptions Watch()
    {
        var watch = new ThrownExceptions();
        s_current.Value = watch;
        return watch;
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.FirstChanceException -= OnThrown;
        s_current.Value = null;
    }

    private void OnThrown(object? sender, FirstChanceExceptionEventArgs e)
    {
        if (ReferenceEquals(s_current.Value, this))
        {
            _thrown.Enqueue(e.Exception);
        }
    }
}
