namespace ChatRoom.Samples.LocalGateway;

/// <summary>Faults the gateway injects into <c>@connections</c> POSTs, so the messenger's retries and the clients' recovery run; bound from <c>LocalGateway:Faults</c>. All off by default.</summary>
public sealed class LocalGatewayFaultOptions
{
    /// <summary>Gets or sets the fraction (0 to 1) of POST attempts answered 500 <c>{"message": "Internal server error"}</c> without delivering the frame. Default 0.</summary>
    public double PostFailureRate { get; set; }

    /// <summary>Gets or sets the delay added before every POST is answered (delivered or failed). Default zero.</summary>
    public TimeSpan PostLatency { get; set; }

    /// <summary>Gets or sets the most extra delay, drawn uniformly from zero to this for each POST, on top of <see cref="PostLatency"/>. Default zero.</summary>
    public TimeSpan PostLatencyJitter { get; set; }

    /// <summary>Gets or sets the seed of the random draws (failures, jitter), for reproducible runs. Default none: a different sequence every run.</summary>
    public int? Seed { get; set; }

    /// <summary>Checks the options and names the setting that is wrong.</summary>
    /// <exception cref="InvalidOperationException">An option is out of range.</exception>
    public void Validate()
    {
        if (!(PostFailureRate is >= 0 and <= 1))
        {
            throw new InvalidOperationException($"LocalGateway:Faults:PostFailureRate must be between 0 and 1 (a fraction of POST attempts), not {PostFailureRate}.");
        }

        if (PostLatency < TimeSpan.Zero || PostLatencyJitter < TimeSpan.Zero)
        {
            throw new InvalidOperationException("LocalGateway:Faults:PostLatency and LocalGateway:Faults:PostLatencyJitter must not be negative.");
        }
    }
}
