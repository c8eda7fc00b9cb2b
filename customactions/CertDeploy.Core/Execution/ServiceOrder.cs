using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Planning;

namespace CertDeploy.Core.Execution
{
    /// <summary>Orders service restarts by their dependencies and runs independent ones side by side.</summary>
    internal static class ServiceOrder
    {
        /// <summary>
        /// Splits the services into groups that do not depend on each other (directly or through
        /// other services of the set); each group is ordered with dependencies first.
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<ServiceRestart>> Groups(IReadOnlyList<ServiceRestart> services)
        {
            var byName = services.ToDictionary(s => s.ServiceName, StringComparer.OrdinalIgnoreCase);
            var groupOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var groups = new List<List<ServiceRestart>>();

            foreach (var start in services)
            {
                if (groupOf.ContainsKey(start.ServiceName))
                {
                    continue;
                }

                var group = new List<ServiceRestart>();
                var pending = new Stack<ServiceRestart>();
                pending.Push(start);
                groupOf[start.ServiceName] = groups.Count;

                while (pending.Count > 0)
                {
                    var service = pending.Pop();
                    group.Add(service);
                    foreach (var neighbour in Neighbours(service, services, byName))
                    {
                        if (!groupOf.ContainsKey(neighbour.ServiceName))
                        {
                            groupOf[neighbour.ServiceName] = groups.Count;
                            pending.Push(neighbour);
                        }
                    }
                }

                groups.Add(group);
            }

            return groups.Select(g => DependenciesFirst(services.Where(g.Contains).ToList())).ToList();
        }

        /// <summary>The services in an order where each comes after the services of the set it depends on.</summary>
        public static IReadOnlyList<ServiceRestart> DependenciesFirst(IReadOnlyList<ServiceRestart> services)
        {
            var byName = services.ToDictionary(s => s.ServiceName, StringComparer.OrdinalIgnoreCase);
            var ordered = new List<ServiceRestart>();
            var state = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

            foreach (var service in services)
            {
                Visit(service, byName, state, ordered);
            }

            return ordered;
        }

        /// <summary>
        /// Runs the action for each group, the groups in parallel, and waits for all of them. The
        /// first failure is rethrown as it was; several failures of services become one exception
        /// naming all of them.
        /// </summary>
        public static void RunGroupsInParallel(IReadOnlyList<IReadOnlyList<ServiceRestart>> groups,
            Action<IReadOnlyList<ServiceRestart>> action)
        {
            if (groups.Count == 1)
            {
                action(groups[0]);
                return;
            }

            var tasks = groups.Select(g => Task.Factory.StartNew(() => action(g), TaskCreationOptions.LongRunning))
                .ToArray();
            try
            {
                Task.WaitAll(tasks);
            }
            catch (AggregateException all)
            {
                var failures = all.Flatten().InnerExceptions;
                var foreign = failures.FirstOrDefault(e => !(e is CertDeployException));
                if (failures.Count == 1 || foreign != null)
                {
                    ExceptionDispatchInfo.Capture(foreign ?? failures[0]).Throw();
                }

                throw new CertDeployException(failures.Cast<CertDeployException>().SelectMany(e => e.Findings));
            }
        }

        private static IEnumerable<ServiceRestart> Neighbours(ServiceRestart service,
            IReadOnlyList<ServiceRestart> all, Dictionary<string, ServiceRestart> byName)
        {
            foreach (var dependency in service.DependsOn)
            {
                if (byName.TryGetValue(dependency, out var found))
                {
                    yield return found;
                }
            }

            foreach (var other in all)
            {
                if (other.DependsOn.Contains(service.ServiceName, StringComparer.OrdinalIgnoreCase))
                {
                    yield return other;
                }
            }
        }

        private static void Visit(ServiceRestart service, Dictionary<string, ServiceRestart> byName,
            Dictionary<string, bool> state, List<ServiceRestart> ordered)
        {
            if (state.TryGetValue(service.ServiceName, out var done))
            {
                if (!done)
                {
                    throw new CertDeployException($"Service {service.ServiceName} depends on itself through "
                        + "other services; the service control manager would not start it. Check its "
                        + "dependencies in services.msc.");
                }

                return;
            }

            state[service.ServiceName] = false;
            foreach (var dependency in service.DependsOn)
            {
                if (byName.TryGetValue(dependency, out var found))
                {
                    Visit(found, byName, state, ordered);
                }
            }

            state[service.ServiceName] = true;
            ordered.Add(service);
        }
    }
}
