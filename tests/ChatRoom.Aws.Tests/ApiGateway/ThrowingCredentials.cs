using Amazon.Runtime;

namespace ChatRoom.Aws.Tests.ApiGateway;

/// <summary>Credentials that cannot be resolved, as when the default chain finds nothing.</summary>
public sealed class ThrowingCredentials : AWSCredentials
{
    public override ImmutableCredentials GetCredentials() => throw new AmazonClientException("Failed to resolve AWS credentials.");

    public override Task<ImmutableCredentials> GetCredentialsAsync() => throw new AmazonClientException("Failed to resolve AWS credentials.");
}
