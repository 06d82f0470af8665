using System.Security.Cryptography;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>Signs management API requests with SigV4 for <c>execute-api</c>, using AWSSDK.Core's <see cref="AWSSigV4Signer"/>.</summary>
internal sealed class ApiGatewaySigner
{
    public const string ServiceName = "execute-api";

    // SHA-256 of no bytes: the payload hash of GET and DELETE.
    private const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly string[] SignatureHeaders = ["Authorization", "X-Amz-Date", "X-Amz-Content-SHA256", "X-Amz-Security-Token"];

    private readonly RegionEndpoint _region;
    private readonly TimeProvider _timeProvider;
    private AWSCredentials? _credentials;

    public ApiGatewaySigner(IOptions<ApiGatewayMessengerOptions> options, TimeProvider timeProvider)
    {
        var value = options.Value;
        _region = RegionEndpoint.GetBySystemName(value.Region);
        _credentials = value.Credentials;
        _timeProvider = timeProvider;
    }

    /// <summary>Replaces any earlier signature on <paramref name="request"/> with a fresh one dated now.</summary>
    /// <exception cref="AmazonClientException">No credentials could be resolved.</exception>
    public async Task SignAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A retried request comes back here with the previous attempt's headers: drop them so each attempt is signed anew.
        foreach (var name in SignatureHeaders)
        {
            request.Headers.Remove(name);
        }

        var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri };
        var payloadHash = EmptyPayloadHash;
        if (request.Content is { } content)
        {
            if (content.Headers.ContentType is { } contentType)
            {
                signing.Headers["content-type"] = contentType.ToString();
            }

            payloadHash = await HashAsync(content, cancellationToken).ConfigureAwait(false);
        }

        // A precomputed hash spares the signer a copy of the body.
        signing.Headers["x-amz-content-sha256"] = payloadHash;
        var parameters = new AWSSigV4Parameters
        {
            Credentials = await GetCredentialsAsync().ConfigureAwait(false),
            Region = _region,
            Service = ServiceName,
            SignedAt = _timeProvider.GetUtcNow().UtcDateTime,
        };
        var result = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);

        var sentHash = false;
        foreach (var header in result.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            sentHash |= string.Equals(header.Key, "x-amz-content-sha256", StringComparison.OrdinalIgnoreCase);
        }

        if (!sentHash)
        {
            request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        }
    }

    private static async Task<string> HashAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (stream.CanSeek)
        {
            stream.Position = 0;
        }

        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        if (stream.CanSeek)
        {
            stream.Position = 0;
        }

        return Convert.ToHexStringLower(hash);
    }

    private async ValueTask<AWSCredentials> GetCredentialsAsync()
    {
        // Resolved once: the chain's result (e.g. Lambda's environment credentials, or refreshing container
        // credentials) keeps itself current. A failed resolution is not cached, so the next send tries again.
        return _credentials ??= await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null).ConfigureAwait(false);
    }
}
