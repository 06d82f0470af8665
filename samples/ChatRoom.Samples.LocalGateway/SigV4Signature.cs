using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>
/// Verifies an AWS Signature Version 4 (<c>AWS4-HMAC-SHA256</c> in the Authorization header) on a request as it
/// arrived on the wire, the way API Gateway checks <c>@connections</c> calls: it rebuilds the canonical request from
/// the method, the raw path, the query, the signed headers and the payload hash, and compares signatures in constant
/// time. Written from the SigV4 specification, not with the SDK that signs, so it also proves the SDK's requests right
/// (ChatRoom.Aws.Tests links this file for that).
/// </summary>
/// <remarks>Stateless and thread-safe. Only for services other than S3: each path segment is URI-encoded once more.</remarks>
internal static partial class SigV4Signature
{
    /// <summary>How far <c>X-Amz-Date</c> may be from the verifier's clock, as on AWS.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/\s,]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request,\s*SignedHeaders=(?<signed>[a-z0-9;-]+),\s*Signature=(?<signature>[0-9a-f]{64})$")]
    public static partial Regex AuthorizationPattern();

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();

    /// <summary>Checks a request's signature.</summary>
    /// <param name="method">The HTTP method, e.g. <c>POST</c>.</param>
    /// <param name="rawTarget">The request target exactly as sent: the percent-encoded path and the query, if any.</param>
    /// <param name="header">Looks up a header by name, case-insensitively; several values joined with commas; null when absent.</param>
    /// <param name="bodyHash">The lowercase hex SHA-256 of the body as received (of no bytes when there is none).</param>
    /// <param name="secretOf">The secret key of an access key id, or null for an unknown one.</param>
    /// <param name="region">The region the credential scope must name.</param>
    /// <param name="service">The service the credential scope must name, e.g. <c>execute-api</c>.</param>
    /// <param name="now">The verifier's clock, for the <see cref="MaxClockSkew"/> check.</param>
    /// <returns><see langword="null"/> when the signature is valid; otherwise what is wrong, in AWS's words where it has them (never the secret).</returns>
    public static string? Problem(
        string method,
        string rawTarget,
        Func<string, string?> header,
        string bodyHash,
        Func<string, string?> secretOf,
        string region,
        string service,
        DateTimeOffset now)
    {
        var authorization = header("Authorization");
        if (string.IsNullOrEmpty(authorization))
        {
            return "Missing Authentication Token";
        }

        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return $"Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' in the form '{Algorithm} Credential=key/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex'.";
        }

        var accessKey = match.Groups["key"].Value;
        if (secretOf(accessKey) is not { } secret)
        {
            return $"The security token included in the request is invalid: access key '{accessKey}' is not known here.";
        }

        if (match.Groups["service"].Value != service)
        {
            return $"Credential should be scoped to correct service: '{service}', not '{match.Groups["service"].Value}'.";
        }

        if (match.Groups["region"].Value != region)
        {
            return $"Credential should be scoped to a valid region: '{region}', not '{match.Groups["region"].Value}'.";
        }

        var amzDate = header("X-Amz-Date");
        if (amzDate is null || !DateTimeOffset.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return "Missing or malformed X-Amz-Date header (expected yyyyMMddTHHmmssZ).";
        }

        var date = amzDate[..8];
        if (match.Groups["date"].Value != date)
        {
            return $"Credential should be scoped to a valid date: '{match.Groups["date"].Value}' is not the date of X-Amz-Date '{amzDate}'.";
        }

        if (signedAt < now - MaxClockSkew)
        {
            return $"Signature expired: {amzDate} is now earlier than {Format(now - MaxClockSkew)} ({Format(now)} - 15 min.)";
        }

        if (signedAt > now + MaxClockSkew)
        {
            return $"Signature not yet current: {amzDate} is still later than {Format(now + MaxClockSkew)} ({Format(now)} + 15 min.)";
        }

        var signedHeaders = match.Groups["signed"].Value.Split(';');
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return "'Host' and 'X-Amz-Date' must be SignedHeaders in the AWS Authorization.";
        }

        var sentHash = header("X-Amz-Content-SHA256");
        if (sentHash is not null && !string.Equals(sentHash, bodyHash, StringComparison.OrdinalIgnoreCase))
        {
            return "The X-Amz-Content-SHA256 header does not match the SHA-256 of the request body.";
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            if (header(name) is not { } value)
            {
                return $"The signed header '{name}' is not in the request.";
            }

            canonicalHeaders.Append(name).Append(':').Append(Spaces().Replace(value.Trim(), " ")).Append('\n');
        }

        var (path, query) = SplitTarget(rawTarget);
        var canonicalRequest = string.Join('\n', method, CanonicalUri(path), CanonicalQuery(query), canonicalHeaders.ToString(), match.Groups["signed"].Value, sentHash ?? bodyHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var expected = Encoding.ASCII.GetBytes(Hex(Hmac(key, stringToSign)));
        var provided = Encoding.ASCII.GetBytes(match.Groups["signature"].Value);
        if (CryptographicOperations.FixedTimeEquals(expected, provided))
        {
            return null;
        }

        // API Gateway's own answer: the canonical forms help find a signing bug and hold nothing secret.
        return "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.\n\n"
            + $"The Canonical String for this request should have been\n'{canonicalRequest}'\n\n"
            + $"The String-to-Sign should have been\n'{stringToSign}'\n";
    }

    /// <summary>The lowercase hex SHA-256 of <paramref name="bytes"/>, as <c>X-Amz-Content-SHA256</c> carries it.</summary>
    public static string HashHex(ReadOnlySpan<byte> bytes) => Hex(SHA256.HashData(bytes));

    private static (string Path, string Query) SplitTarget(string rawTarget)
    {
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (rawTarget, string.Empty) : (rawTarget[..question], rawTarget[(question + 1)..]);
    }

    /// <summary>The path as sent, each segment URI-encoded once more (so <c>%3D</c> becomes <c>%253D</c>), as every service but S3 signs it.</summary>
    private static string CanonicalUri(string path) =>
        path.Length == 0 ? "/" : string.Join('/', path.Split('/').Select(UriEncode));

    /// <summary>The query's parameters decoded, URI-encoded, sorted by name then value.</summary>
    private static string CanonicalQuery(string query) =>
        string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(static pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
                return (Name: UriEncode(Uri.UnescapeDataString(name)), Value: UriEncode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(static p => p.Name, StringComparer.Ordinal)
            .ThenBy(static p => p.Value, StringComparer.Ordinal)
            .Select(static p => p.Name + "=" + p.Value));

    /// <summary>Percent-encodes every byte of the UTF-8 form except the unreserved characters, in upper-case hex.</summary>
    private static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
