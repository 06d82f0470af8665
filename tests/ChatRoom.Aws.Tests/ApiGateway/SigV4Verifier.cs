using System.Globalization;
using ChatRoom.Samples.LocalGateway;

namespace ChatRoom.Aws.Tests.ApiGateway;

/// <summary>
/// Proves the messenger's requests would pass API Gateway's check, with the verification the local gateway runs on
/// every <c>@connections</c> call (<see cref="SigV4Signature"/>, linked from the LocalGateway sample: written from the
/// SigV4 specification, independently of the SDK that signs).
/// </summary>
public static class SigV4Verifier
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "secret";

    /// <summary>Asserts the request carries a valid SigV4 signature for execute-api in us-east-1 with the test keys, and a payload hash header.</summary>
    public static void AssertSigned(RecordedRequest request, string secretKey = SecretKey)
    {
        var amzDate = request.Header("X-Amz-Date");
        Assert.NotNull(amzDate);
        Assert.Matches(@"^\d{8}T\d{6}Z$", amzDate);
        var payloadHash = SigV4Signature.HashHex(request.Body);
        Assert.Equal(payloadHash, request.Header("X-Amz-Content-SHA256"));

        // The signature, not the clock: these tests sign with fake clocks, so "now" is the request's own date.
        var signedAt = DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var problem = SigV4Signature.Problem(
            request.Method,
            request.RawTarget,
            request.Header,
            payloadHash,
            key => key == AccessKey ? secretKey : null,
            "us-east-1",
            "execute-api",
            signedAt);
        Assert.True(problem is null, problem);
    }

    public static string Signature(RecordedRequest request) => SigV4Signature.AuthorizationPattern().Match(request.Header("Authorization")!).Groups["signature"].Value;

    public static IReadOnlyList<string> SignedHeaders(RecordedRequest request) =>
        SigV4Signature.AuthorizationPattern().Match(request.Header("Authorization")!).Groups["signed"].Value.Split(';');
}
