using System;
using System.ServiceProcess;
using System.Threading.Tasks;
using Xunit;

namespace CertDeploy.Windows.Tests
{
    /// <summary>
    /// Runs a call into the service control manager with a hard limit, so that a call that never
    /// returns (seen under Wine) fails its test with the service's state instead of hanging the run.
    /// </summary>
    internal static class Bounded
    {
        public static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

        public static void Call(string serviceName, string what, Action action)
        {
            // Not Task.Wait: it throws the call's own failure wrapped in an AggregateException,
            // and the tests assert the product's exception type.
            var call = Task.Run(action);
            if (Task.WhenAny(call, Task.Delay(Limit)).GetAwaiter().GetResult() != call)
            {
                Assert.Fail($"{what} of service {serviceName} did not return within "
                    + $"{Limit.TotalSeconds:0} s; the service control manager says it is "
                    + $"{StateOf(serviceName)}.");
            }

            call.GetAwaiter().GetResult();
        }

        private static string StateOf(string serviceName)
        {
            var query = Task.Run(() =>
            {
                using var controller = new ServiceController(serviceName);
                return controller.Status.ToString();
            });
            return query.Wait(TimeSpan.FromSeconds(10)) ? query.Result : "(no answer within 10 s)";
        }
    }
}
