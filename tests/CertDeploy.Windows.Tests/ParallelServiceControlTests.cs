using System;
using System.Linq;
using System.Threading.Tasks;
using CertDeploy.Core.Ports;
using CertDeploy.Windows.Services;
using Xunit;

namespace CertDeploy.Windows.Tests
{
    /// <summary>
    /// The core restarts independent services on parallel threads, each call with its own
    /// ServiceController: the service port must answer calls made at the same time. (Under Wine
    /// the machine fixture holds a <see cref="WineServiceManagerConnection"/> for this.)
    /// </summary>
    public sealed class ParallelServiceControlTests
    {
        private readonly CosDocMachine _machine;

        public ParallelServiceControlTests(CosDocMachine machine) => _machine = machine;

        [Fact]
        public async Task GetState_FourThreadsAtOnce_EveryCallAnswers()
        {
            Lane.Require();
            var services = new WindowsServiceControl();
            var names = _machine.Services.Select(s => s.Name).Take(4).ToList();

            var calls = names.Select(name => Task.Factory.StartNew(() =>
            {
                for (var i = 0; i < 50; i++)
                {
                    Assert.Equal(ServiceState.Stopped, services.GetState(name));
                }
            }, TaskCreationOptions.LongRunning)).ToArray();

            var all = Task.WhenAll(calls);
            var first = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
            Assert.True(first == all, "the calls did not end within 60 s");
            await all;
        }
    }
}
