using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatRoom.AspNetCore.Internal;

/// <summary>
/// One endpoint's per-address limits: upgrades per fixed window and sockets open at once (<see cref="ConnectionLimiter"/>),
/// so that one address can neither flood the host with connections nor hold thousands of them. A refused upgrade gets
/// 429 with <c>Retry-After</c>.
/// </summary>
/// <remarks>
/// The partition is the remote address: an IPv4 address (IPv4-mapped IPv6 included) as it is, an IPv6 address by its
/// /64 prefix, because one host usually owns a whole /64. Behind a reverse proxy the remote address is the proxy's
/// unless forwarded headers are applied first. Thread-safe.
/// </remarks>
internal sealed class UpgradeLimiter : IDisposable
{
    private readonly ConnectionLimitOptions _options;
    private readonly PartitionedRateLimiter<HttpContext> _limiter;
    private readonly ILogger _logger;

    public UpgradeLimiter(ConnectionLimitOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.Get(PartitionKey(context.Connection.RemoteIpAddress), _ => ConnectionLimiter.Create(options)));
    }

    /// <summary>Takes a permit for an upgrade; the caller holds the lease until the socket has ended.</summary>
    public RateLimitLease Acquire(HttpContext context) => _limiter.AttemptAcquire(context);

    /// <summary>Answers a refused upgrade: 429, <c>Retry-After</c> and a sentence saying which limit was hit.</summary>
    public Task RejectAsync(HttpContext context, RateLimitLease lease)
    {
        // Only the window says when a permit comes back; nobody knows when one of the open sockets will close, so a
        // refusal for them suggests the window.
        var openSockets = !lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        var seconds = Math.Max(1, (long)Math.Ceiling((openSockets ? _options.Window : retryAfter).TotalSeconds));
        string message;
        if (openSockets)
        {
            Log.TooManyOpen(_logger, context.Connection.RemoteIpAddress, _options.MaxConcurrentPerAddress, seconds);
            message = $"Too many open connections from this address (at most {_options.MaxConcurrentPerAddress}); close one or retry after {seconds} seconds.";
        }
        else
        {
            Log.UpgradeRefused(_logger, context.Connection.RemoteIpAddress, seconds);
            message = $"Too many connections from this address; retry after {seconds} seconds.";
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return context.Response.WriteAsync(message, context.RequestAborted);
    }

    /// <summary>Gets the partition of a client address: IPv4 as it is, IPv6 by its /64 prefix.</summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    public void Dispose() => _limiter.Dispose();
}
