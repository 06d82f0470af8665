using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>
/// The deadlines of the invocations under way (<see cref="ApiGatewayMessengerOptions.FunctionTimeoutSeconds"/> after each
/// began, less <see cref="ApiGatewayMessengerOptions.DeadlineMargin"/>), which <see cref="ApiGatewayMessenger"/> obeys.
/// </summary>
/// <remarks>
/// <para>
/// Lambda has no <c>ILambdaContext.RemainingTime</c> without <c>Amazon.Lambda.Core</c>, so the handler begins a scope when
/// it receives an event and the function's own timeout sets the deadline. Lambda runs one invocation at a time per
/// execution environment, but the handler is thread-safe, so each invocation has its own scope: a send made in the
/// invocation's own flow (its replies) finds it through an <see cref="AsyncLocal{T}"/>. A room's broadcast runs on
/// the engine's own work item, which carries no execution context, and may carry frames of several invocations; it
/// obeys the latest deadline of those under way, so it is never cut before the last of them is due.
/// </para>
/// <para>Thread-safe; one per service provider (one per execution environment).</para>
/// </remarks>
internal sealed class InvocationDeadlines
{
    private static readonly AsyncLocal<InvocationScope?> Own = new();

    private readonly TimeSpan? _budget;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();

    // Copied on write, read without a lock by every send.
    private volatile InvocationScope[] _active = [];

    public InvocationDeadlines(IOptions<ApiGatewayMessengerOptions> options, TimeProvider timeProvider, ILogger<InvocationDeadlines> logger)
    {
        var value = options.Value;
        _budget = value.FunctionTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) - value.DeadlineMargin : null;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets the deadline in force for a send made now, or <see langword="null"/> when there is none.</summary>
    public InvocationScope? Current
    {
        get
        {
            var active = _active;
            if (active.Length == 0)
            {
                return null;
            }

            if (Own.Value is { } own && Array.IndexOf(active, own) >= 0)
            {
                return own;
            }

            // Begun later means due later: every scope has the same budget.
            return active[^1];
        }
    }

    /// <summary>Begins an invocation's scope; dispose it when the invocation answers.</summary>
    /// <returns>The scope, or <see langword="null"/> without <see cref="ApiGatewayMessengerOptions.FunctionTimeoutSeconds"/>.</returns>
    public InvocationScope? Begin()
    {
        if (_budget is not { } budget)
        {
            return null;
        }

        var scope = new InvocationScope(this, budget, _timeProvider.GetTimestamp(), _timeProvider);
        lock (_lock)
        {
            _active = [.. _active, scope];
        }

        Own.Value = scope;
        return scope;
    }

    /// <summary>Ends a scope and logs, once, what its deadline kept from being sent.</summary>
    internal void End(InvocationScope scope)
    {
        lock (_lock)
        {
            _active = [.. _active.Where(s => s != scope)];
        }

        if (scope.NotSent > 0)
        {
            var (frames, connections, connectionList, distinctFrames, frameList) = scope.Summarise();
            ApiGatewayLog.DeadlineReached(
                _logger,
                (long)_timeProvider.GetElapsedTime(scope.StartedAt).TotalMilliseconds,
                frames,
                connections,
                distinctFrames,
                frameList,
                connectionList);
        }
    }
}
