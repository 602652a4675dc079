using MassTransit;

namespace SmePlatform.Messaging;

public static class RetryPolicies
{
    /// <summary>
    /// Five tries over about nine seconds for transient faults (a deadlock, a restarting database); after that the
    /// message goes to the endpoint's error queue, from where an operator moves it back once the cause is fixed.
    /// </summary>
    public static void Default(IRetryConfigurator retry) =>
        retry.Intervals(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
}
