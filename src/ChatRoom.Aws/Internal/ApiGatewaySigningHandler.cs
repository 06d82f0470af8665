namespace ChatRoom.Aws.Internal;

/// <summary>Signs every attempt. It sits below the retry handler, so a retry carries a fresh <c>X-Amz-Date</c> and signature.</summary>
internal sealed class ApiGatewaySigningHandler(ApiGatewaySigner signer) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await signer.SignAsync(request, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
