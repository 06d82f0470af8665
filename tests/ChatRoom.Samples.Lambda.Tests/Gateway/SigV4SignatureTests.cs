using ChatRoom.Samples.LocalGateway;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// The gateway's SigV4 verification on AWS's published test vectors (aws-sig-v4-test-suite: get-vanilla and
/// get-vanilla-query-order-key-case), so it agrees with AWS rather than only with the SDK that signs, and on every way a
/// request can be wrong.
/// </summary>
public sealed class SigV4SignatureTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string AmzDate = "20150830T123600Z";
    private const string Scope = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    private const string GetVanilla = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    private const string QueryOrder = "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500";
    private static readonly DateTimeOffset SignedAt = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly string EmptyHash = SigV4Signature.HashHex([]);

    [Theory]
    [InlineData("/", GetVanilla)]
    [InlineData("/?Param2=value2&Param1=value1", QueryOrder)]
    public void Problem_AwsTestVector_IsValid(string rawTarget, string signature)
    {
        Assert.Null(Verify(rawTarget, Headers(signature)));
    }

    [Theory]
    [InlineData(-14)]
    [InlineData(14)]
    public void Problem_ClockWithin15Minutes_IsValid(int minutes)
    {
        Assert.Null(Verify("/", Headers(GetVanilla), now: SignedAt.AddMinutes(minutes)));
    }

    [Fact]
    public void Problem_WrongSecret_ShowsTheCanonicalFormsButNeverTheSecret()
    {
        var problem = Verify("/", Headers(GetVanilla), secret: "not-the-secret");

        Assert.NotNull(problem);
        Assert.StartsWith("The request signature we calculated does not match", problem, StringComparison.Ordinal);
        Assert.Contains("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EmptyHash, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/other")]
    [InlineData("/?Param2=value2&Param1=value3")]
    [InlineData("/?Param2=value2")]
    public void Problem_TargetChangedAfterSigning_SignatureDoesNotMatch(string rawTarget)
    {
        var signature = rawTarget.Contains('?', StringComparison.Ordinal) ? QueryOrder : GetVanilla;

        Assert.StartsWith("The request signature we calculated does not match", Verify(rawTarget, Headers(signature)), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_BodyChangedAfterSigning_IsRefusedEitherWay()
    {
        var signedFor = SigV4Signature.HashHex("original"u8);
        var headers = Headers(GetVanilla, signedHeaders: "host;x-amz-content-sha256;x-amz-date");
        headers["X-Amz-Content-SHA256"] = signedFor;

        var withHashHeader = Verify("/", headers, bodyHash: SigV4Signature.HashHex("tampered"u8));
        var withoutHashHeader = Verify("/", Headers(GetVanilla), bodyHash: SigV4Signature.HashHex("tampered"u8));

        Assert.Equal("The X-Amz-Content-SHA256 header does not match the SHA-256 of the request body.", withHashHeader);
        Assert.StartsWith("The request signature we calculated does not match", withoutHashHeader, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)")]
    [InlineData(-16, "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T122000Z + 15 min.)")]
    public void Problem_ClockMoreThan15MinutesAway_IsRefused(int minutes, string expected)
    {
        Assert.Equal(expected, Verify("/", Headers(GetVanilla), now: SignedAt.AddMinutes(minutes)));
    }

    [Theory]
    [InlineData(null, null, "Missing Authentication Token")]
    [InlineData("Bearer abc", null, "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'")]
    [InlineData("AWS4-HMAC-SHA256 Credential=" + Scope + ", SignedHeaders=host;x-amz-date", null, "Authorization header requires")]
    [InlineData("AWS4-HMAC-SHA256 Credential=SOMEONE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + GetVanilla, null, "access key 'SOMEONE' is not known")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + GetVanilla, null, "correct service: 'service', not 's3'")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + GetVanilla, null, "valid region: 'us-east-1', not 'eu-west-1'")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150831/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + GetVanilla, null, "valid date: '20150831' is not the date of X-Amz-Date")]
    [InlineData(null, "yesterday", "Missing or malformed X-Amz-Date header")]
    [InlineData("AWS4-HMAC-SHA256 Credential=" + Scope + ", SignedHeaders=x-amz-date, Signature=" + GetVanilla, null, "'Host' and 'X-Amz-Date' must be SignedHeaders")]
    [InlineData("AWS4-HMAC-SHA256 Credential=" + Scope + ", SignedHeaders=host;x-amz-date;x-custom, Signature=" + GetVanilla, null, "The signed header 'x-custom' is not in the request.")]
    public void Problem_MalformedOrMisscoped_SaysWhatIsWrong(string? authorization, string? amzDate, string expected)
    {
        var headers = Headers(GetVanilla);
        headers.Remove("Authorization");
        if (authorization is not null)
        {
            headers["Authorization"] = authorization;
        }
        else if (amzDate is not null)
        {
            headers["Authorization"] = $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date, Signature={GetVanilla}";
            headers["X-Amz-Date"] = amzDate;
        }

        var problem = Verify("/", headers);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_HeaderValuesWithExtraSpaces_AreCanonicalized()
    {
        var headers = Headers(GetVanilla);
        headers["Host"] = "  example.amazonaws.com ";

        Assert.Null(Verify("/", headers));
    }

    private static Dictionary<string, string> Headers(string signature, string signedHeaders = "host;x-amz-date") => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Host"] = "example.amazonaws.com",
        ["X-Amz-Date"] = AmzDate,
        ["Authorization"] = $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders={signedHeaders}, Signature={signature}",
    };

    private static string? Verify(string rawTarget, Dictionary<string, string> headers, string secret = Secret, string? bodyHash = null, DateTimeOffset? now = null) =>
        SigV4Signature.Problem(
            "GET",
            rawTarget,
            name => headers.GetValueOrDefault(name),
            bodyHash ?? EmptyHash,
            key => key == AccessKey ? secret : null,
            "us-east-1",
            "service",
            now ?? SignedAt);
}
