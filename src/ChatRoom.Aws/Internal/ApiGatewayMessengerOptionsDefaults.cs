using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>Fills <see cref="ApiGatewayMessengerOptions.Region"/> from <c>AWS_REGION</c> when it is not set.</summary>
internal sealed class ApiGatewayMessengerOptionsDefaults(Func<string, string?> getEnvironmentVariable) : IPostConfigureOptions<ApiGatewayMessengerOptions>
{
    public void PostConfigure(string? name, ApiGatewayMessengerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Region))
        {
            var region = getEnvironmentVariable("AWS_REGION");
            options.Region = string.IsNullOrWhiteSpace(region) ? null : region.Trim();
        }
    }
}
