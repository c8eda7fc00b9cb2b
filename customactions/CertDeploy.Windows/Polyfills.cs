// .NET Framework has no platform attributes; the compiler only needs the type to exist so that
// the adapters can be marked Windows-only once for both targets.
#if NETFRAMEWORK
namespace System.Runtime.Versioning
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
    internal sealed class SupportedOSPlatformAttribute : Attribute
    {
        public SupportedOSPlatformAttribute(string platformName) => PlatformName = platformName;

        public string PlatformName { get; }
    }
}
#endif
