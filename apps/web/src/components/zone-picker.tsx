import { useState, useSyncExternalStore } from 'react';
import { isTimeZone, localTimeZone } from '@freezer/schema';
import { useNodeZones } from '../features/clients/api/node-zones';
import { setZoneChoice, subscribeZone, zoneChoice } from '../lib/display-zone';

/** The current zone choice, re-rendering on change. */
export function useZoneChoice(): string {
  return useSyncExternalStore(subscribeZone, zoneChoice, zoneChoice);
}

/** Top-bar choice of the zone every time is shown in: the browser's, UTC, or the nodes' zone (named). */
export function ZonePicker() {
  const choice = useZoneChoice();
  const nodeZones = useNodeZones();
  const named = choice !== 'browser' && choice !== 'UTC' && !nodeZones.includes(choice);
  const [other, setOther] = useState(named ? choice : '');
  const [editing, setEditing] = useState(false);
  return (
    <span className="zone-picker">
      <label>
        Times in{' '}
        <select
          value={named || editing ? 'other' : choice}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'other') setEditing(true);
            else {
              setEditing(false);
              setZoneChoice(v);
            }
          }}
        >
          <option value="browser">browser ({localTimeZone()})</option>
          <option value="UTC">UTC</option>
          {nodeZones.map((z) => (
            <option key={z} value={z}>
              node: {z}
            </option>
          ))}
          <option value="other">{named ? choice : 'node zone…'}</option>
        </select>
      </label>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!isTimeZone(other.trim())) return;
            setZoneChoice(other.trim());
            setEditing(false);
          }}
        >
          <input
            aria-label="Node time zone"
            placeholder="e.g. America/New_York"
            value={other}
            onChange={(e) => setOther(e.target.value)}
          />
          <button type="submit" disabled={!isTimeZone(other.trim())}>
            Use
          </button>
        </form>
      ) : null}
    </span>
  );
}
