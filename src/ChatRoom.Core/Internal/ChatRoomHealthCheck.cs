using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatRoom.Internal;

/// <summary>Runs every adapter's <see cref="IChatRoomHealthProbe"/> and reports the worst result, with each probe's in the data.</summary>
internal sealed class ChatRoomHealthCheck(IEnumerable<IChatRoomHealthProbe> probes) : IHealthCheck
{
    private readonly IChatRoomHealthProbe[] _probes = [.. probes];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_probes.Length == 0)
        {
            return HealthCheckResult.Healthy("No registered adapter needs a check (in-memory stores are always healthy).");
        }

        var results = await Task.WhenAll(_probes.Select(probe => RunAsync(probe, cancellationToken))).ConfigureAwait(false);
        var worst = results.Min(result => result.Status);
        var description = string.Join(" ", results.Select((result, i) => $"{_probes[i].Name}: {result.Description ?? result.Status.ToString()}"));
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < _probes.Length; i++)
        {
            data[_probes[i].Name] = results[i].Status.ToString();
        }

        return new HealthCheckResult(
            worst == HealthStatus.Unhealthy ? context.Registration.FailureStatus : worst,
            description,
            results.FirstOrDefault(result => result.Exception is not null).Exception,
            data);
    }

    private static async Task<HealthCheckResult> RunAsync(IChatRoomHealthProbe probe, CancellationToken cancellationToken)
    {
        try
        {
            return await probe.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A probe that breaks its contract still yields a report, not a failed health endpoint.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy($"The probe failed: {ex.Message}", ex);
        }
    }
}
