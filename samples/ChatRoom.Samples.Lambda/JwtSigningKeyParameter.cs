using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using ChatRoom.Authentication.Jwt;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.Lambda;

/// <summary>
/// Sets <see cref="JwtAuthenticationOptions.SigningKey"/> from an SSM Parameter Store SecureString
/// (<c>ChatRoom:Jwt:SigningKeyParameter</c>), so the key is never in the function's configuration.
/// </summary>
/// <remarks>
/// One instance per container, and the value is kept: every options cache that builds the options (IOptions and
/// IOptionsMonitor each build their own) gets the same key from one read. <see cref="LambdaServices.Build"/> validates
/// the options at the cold start, so that read happens then, and a key that cannot be read fails the cold start with
/// the parameter's name. A rotated key reaches the function with its next cold start (a new deployment or a new
/// execution environment).
/// </remarks>
internal sealed class JwtSigningKeyParameter : IConfigureOptions<JwtAuthenticationOptions>
{
    private readonly string _parameterName;
    private readonly IAmazonSimpleSystemsManagement _ssm;
    private readonly Lazy<string> _key;

    /// <param name="parameterName">The parameter's full name, e.g. <c>/chatroom/jwt-signing-key</c>.</param>
    /// <param name="ssm">The Parameter Store client.</param>
    public JwtSigningKeyParameter(string parameterName, IAmazonSimpleSystemsManagement ssm)
    {
        _parameterName = parameterName;
        _ssm = ssm;
        _key = new Lazy<string>(Read, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public void Configure(JwtAuthenticationOptions options) => options.SigningKey = _key.Value;

    private string Read()
    {
        var parameterName = _parameterName;
        GetParameterResponse response;
        try
        {
            // Options are created synchronously; this runs once, during the cold start, where nothing else waits.
            response = _ssm.GetParameterAsync(new GetParameterRequest { Name = parameterName, WithDecryption = true }).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            var reason = ex is AmazonServiceException { ErrorCode: { Length: > 0 } code } ? $"{code}: {ex.Message}" : ex.Message;
            throw new InvalidOperationException(
                $"The JWT signing key could not be read from the SSM parameter '{parameterName}' (ChatRoom:Jwt:SigningKeyParameter): {reason}", ex);
        }

        if (response.Parameter.Type != ParameterType.SecureString)
        {
            throw new InvalidOperationException(
                $"The SSM parameter '{parameterName}' (ChatRoom:Jwt:SigningKeyParameter) is a {response.Parameter.Type}; a signing key must be stored as a SecureString.");
        }

        return response.Parameter.Value;
    }
}
