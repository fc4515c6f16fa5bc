#!/usr/bin/python3
"""A stand-in GlobalShortcuts portal backend for the Wayland tests.

Debian 12's xdg-desktop-portal (1.16) has the GlobalShortcuts frontend, but no
backend for sway (KDE's and GNOME 48's are not in Debian 12). This plays one
behind the real frontend, the way KDE's does: it binds each shortcut to the
key the app proposed and emits Activated when the test "presses" it
(app.twofold.Test.Press), so the app's portal client is tested against the
real frontend and its D-Bus contract.
"""
import os

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

BUS_NAME = "org.freedesktop.impl.portal.desktop.twofoldtest"
PATH = "/org/freedesktop/portal/desktop"
IFACE = "org.freedesktop.impl.portal.GlobalShortcuts"
TEST = "app.twofold.Test"
# While this file exists the backend refuses to bind, as a desktop without one would answer.
REFUSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "no-shortcuts")


class Session(dbus.service.Object):
    def __init__(self, bus, path, on_close):
        super().__init__(bus, path)
        self.on_close = on_close

    @dbus.service.method("org.freedesktop.impl.portal.Session", in_signature="", out_signature="")
    def Close(self):
        self.on_close(self)
        self.remove_from_connection()

    @dbus.service.signal("org.freedesktop.impl.portal.Session", signature="")
    def Closed(self):
        pass


class Portal(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, PATH)
        self.bus = bus
        self.sessions = {}  # session path -> (app id, {id: (description, trigger)})
        self.objects = []

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
    def Get(self, interface, prop):
        if interface == IFACE and prop == "version":
            return dbus.UInt32(1)
        raise dbus.exceptions.DBusException("no such property", name="org.freedesktop.DBus.Error.UnknownProperty")

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        return {"version": dbus.UInt32(1)} if interface == IFACE else {}

    @dbus.service.method(IFACE, in_signature="oosa{sv}", out_signature="ua{sv}")
    def CreateSession(self, handle, session_handle, app_id, options):
        self.sessions[str(session_handle)] = (str(app_id), {})
        self.objects.append(Session(self.bus, session_handle, self.closed))
        return dbus.UInt32(0), {"session_handle": dbus.ObjectPath(session_handle)}

    def closed(self, session):
        self.sessions.pop(str(session.__dbus_object_path__), None)

    @dbus.service.method(IFACE, in_signature="ooa(sa{sv})sa{sv}", out_signature="ua{sv}")
    def BindShortcuts(self, handle, session_handle, shortcuts, parent_window, options):
        if os.path.exists(REFUSE):
            return dbus.UInt32(2), {}
        bound = self.sessions[str(session_handle)][1]
        answer = []
        for shortcut_id, info in shortcuts:
            trigger = str(info.get("preferred_trigger", ""))
            bound[str(shortcut_id)] = (str(info.get("description", "")), trigger)
            answer.append((shortcut_id, {"description": info.get("description", ""), "trigger_description": trigger}))
        return dbus.UInt32(0), {"shortcuts": dbus.Array(answer, signature="(sa{sv})")}

    @dbus.service.method(IFACE, in_signature="oo", out_signature="ua{sv}")
    def ListShortcuts(self, handle, session_handle):
        bound = self.sessions.get(str(session_handle), ("", {}))[1]
        answer = [(i, {"description": d, "trigger_description": t}) for i, (d, t) in bound.items()]
        return dbus.UInt32(0), {"shortcuts": dbus.Array(answer, signature="(sa{sv})")}

    @dbus.service.signal(IFACE, signature="osta{sv}")
    def Activated(self, session_handle, shortcut_id, timestamp, options):
        pass

    @dbus.service.signal(IFACE, signature="osta{sv}")
    def Deactivated(self, session_handle, shortcut_id, timestamp, options):
        pass

    @dbus.service.method(TEST, in_signature="", out_signature="a(sss)")
    def Bound(self):
        """What each session bound: (app id, shortcut id, trigger)."""
        return [(app, i, t) for app, bound in self.sessions.values() for i, (_, t) in bound.items()]

    @dbus.service.method(TEST, in_signature="s", out_signature="u")
    def Press(self, shortcut_id):
        """Presses and releases the shortcut in every session that bound it; how many."""
        pressed = 0
        for path, (_, bound) in list(self.sessions.items()):
            if shortcut_id in bound:
                now = dbus.UInt64(GLib.get_monotonic_time() // 1000)
                self.Activated(dbus.ObjectPath(path), shortcut_id, now, dbus.Dictionary({}, signature="sv"))
                self.Deactivated(dbus.ObjectPath(path), shortcut_id, now, dbus.Dictionary({}, signature="sv"))
                pressed += 1
        return dbus.UInt32(pressed)


DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
portal = Portal(bus)
name = dbus.service.BusName(BUS_NAME, bus)
GLib.MainLoop().run()
