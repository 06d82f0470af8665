using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatRoom;

/// <summary>
/// An adapter's check of what it depends on (a store's table, a connection), run by the <c>chatroom</c> health check that
/// <see cref="ChatRoomHealthChecksBuilderExtensions.AddChatRoomHealthChecks"/> adds.
/// </summary>
/// <remarks>
/// Adapters register their probe with <c>TryAddEnumerable</c> next to their stores; an adapter with nothing that can
/// fail (the in-memory stores) registers none. Implementations are thread-safe singletons; a probe may run
/// concurrently with itself and with store calls, and should be cheap (one metadata read, not a data scan).
/// </remarks>
public interface IChatRoomHealthProbe
{
    /// <summary>Gets the probe's name, e.g. <c>dynamodb</c>: the key of its entry in the health report's data.</summary>
    string Name { get; }

    /// <summary>Checks the dependency once.</summary>
    /// <param name="cancellationToken">Cancels the check (the health check's timeout).</param>
    /// <returns>The result; a probe reports failures as results with a description that says what to fix, and does not throw for them.</returns>
    Task<HealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken = default);
}
