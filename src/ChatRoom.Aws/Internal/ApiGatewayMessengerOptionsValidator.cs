using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>Checks <see cref="ApiGatewayMessengerOptions"/> at start-up and says which setting is wrong.</summary>
internal sealed class ApiGatewayMessengerOptionsValidator : IValidateOptions<ApiGatewayMessengerOptions>
{
    private const string Section = ChatRoomOptions.SectionName + ":" + ApiGatewayMessengerOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ApiGatewayMessengerOptions options)
    {
        var failures = new List<string>();
        var hasApiId = !string.IsNullOrWhiteSpace(options.ApiId);
        var hasStage = !string.IsNullOrWhiteSpace(options.Stage);

        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || !ApiGatewayEndpoint.IsValid(endpoint))
            {
                failures.Add($"{Section}:Endpoint '{options.Endpoint}' must be an absolute http or https URL including the stage and without a query, e.g. https://{{apiId}}.execute-api.{{region}}.amazonaws.com/{{stage}}.");
            }
        }
        else if (hasApiId != hasStage)
        {
            failures.Add(hasApiId
                ? $"{Section}:ApiId is set but Stage is not: set both, or set {Section}:Endpoint."
                : $"{Section}:Stage is set but ApiId is not: set both, or set {Section}:Endpoint.");
        }
        else if (!hasApiId && !options.EndpointFromRequestContext)
        {
            failures.Add($"Set {Section}:Endpoint, or ApiId and Stage (or EndpointFromRequestContext, for a Lambda host that passes each event's request context to ApiGatewayEndpoint.SetFromRequestContext).");
        }

        if (hasApiId && !IsToken(options.ApiId!, allowDashes: false))
        {
            failures.Add($"{Section}:ApiId '{options.ApiId}' must be letters and digits only (the id in {{apiId}}.execute-api.{{region}}.amazonaws.com).");
        }

        if (hasStage && !IsToken(options.Stage!, allowDashes: true))
        {
            failures.Add($"{Section}:Stage '{options.Stage}' must be letters, digits, '-' and '_' only.");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add($"Set {Section}:Region or the AWS_REGION environment variable: requests are signed for a region.");
        }
        else if (!IsRegion(options.Region))
        {
            failures.Add($"{Section}:Region '{options.Region}' is not a region name such as us-east-1.");
        }

        RequireRange(failures, nameof(options.MaxConcurrentRequests), options.MaxConcurrentRequests, 1, 10_000);
        RequireRange(failures, nameof(options.MaxFrameBytes), options.MaxFrameBytes, 1, ApiGatewayMessengerOptions.ApiGatewayFrameLimit);
        RequireRange(failures, nameof(options.MaxRetries), options.MaxRetries, 0, 10);
        RequireRange(failures, nameof(options.RetryBaseDelay), options.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        RequireRange(failures, nameof(options.RequestTimeout), options.RequestTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        if (options.FunctionTimeoutSeconds is { } timeout)
        {
            RequireRange(failures, nameof(options.FunctionTimeoutSeconds), timeout, 1, 900);
            if (options.DeadlineMargin < TimeSpan.Zero || options.DeadlineMargin >= TimeSpan.FromSeconds(timeout))
            {
                failures.Add($"{Section}:{nameof(options.DeadlineMargin)} is {options.DeadlineMargin}; it must be at least zero and less than {Section}:{nameof(options.FunctionTimeoutSeconds)} ({timeout} s), e.g. 00:00:01.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsToken(string value, bool allowDashes)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !(allowDashes && c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsRegion(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return value.Contains('-', StringComparison.Ordinal);
    }

    private static void RequireRange(List<string> failures, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{name} is {value}; it must be between {min} and {max}.");
        }
    }

    private static void RequireRange(List<string> failures, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
