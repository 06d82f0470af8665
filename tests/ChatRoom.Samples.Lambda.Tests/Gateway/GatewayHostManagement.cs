using System.Net;
using ChatRoom.Samples.Tests.Clients;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// Signed management calls on a <see cref="GatewayHost"/>; apart from it because the signing helper uses the AWS
/// adapter's internals, and <see cref="GatewayHost"/> is shared with test projects that cannot see them.
/// </summary>
internal static class GatewayHostManagement
{
    private static readonly HttpClient Http = new();

    /// <summary>Asks the management API until the gateway has noticed the closed or dropped socket (GET answers 410).</summary>
    /// <param name="gateway">The gateway.</param>
    /// <param name="connectionId">The connection.</param>
    /// <param name="signedAt">The signing time, when the gateway's clock is not the real one.</param>
    public static async Task WaitUntilGoneAsync(this GatewayHost gateway, string connectionId, DateTimeOffset? signedAt = null)
    {
        using var timeout = new CancellationTokenSource(ChatSocket.Timeout);
        while (true)
        {
            using var request = await ManagementRequests.SignedAsync(HttpMethod.Get, new Uri(gateway.ConnectionsUri, Uri.EscapeDataString(connectionId)), signedAt: signedAt);
            using var response = await Http.SendAsync(request, timeout.Token);
            if (response.StatusCode == HttpStatusCode.Gone)
            {
                return;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(50, timeout.Token);
        }
    }
}
